import 'reflect-metadata';
import { runServiceCli } from '@kezek/database';
import { queueData } from './data-source';
import { seedDemo } from './demo/seed';

// `migrate` (deployments run it as a job before the APIs) and `seed` (demo data, npm start).
void runServiceCli({ data: queueData, seed: seedDemo });
