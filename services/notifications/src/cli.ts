import 'reflect-metadata';
import { runServiceCli } from '@kezek/database';
import { notificationsData } from './data-source';

// `migrate` (deployments run it as a job before the APIs). No demo data of its own: the demo
// parents' notices come from the demo journey's events, as a parent's do (npm start).
void runServiceCli({ data: notificationsData });
