import 'reflect-metadata';
import { runServiceCli } from '@kezek/database';
import { queueData } from './data-source';

// `migrate` (deployments run it as a job before the APIs) and `seed` (demo data, npm start).
void runServiceCli({
  data: queueData,
  // Required by `seed` alone, so the production `migrate` never loads demo code.
  seed: async () => (require('./demo/seed') as typeof import('./demo/seed')).seedDemo,
});
