import 'reflect-metadata';
import { runServiceCli } from '@kezek/database';
import { notificationsData } from './data-source';
import { seedDemo } from './demo/seed';

// `migrate` (deployments run it as a job before the APIs) and `seed` (demo data, npm start).
void runServiceCli({ data: notificationsData, seed: seedDemo });
