import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { notificationsData } from './data-source';

export const WorkerModule = defineWorker({
  name: 'notifications',
  data: notificationsData,
  imports: [JobsModule.forWorker([])],
});

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
