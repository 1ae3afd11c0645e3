import '@kezek/tracing/register';
import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { notificationsWorkerEnv } from './config';
import { notificationsData } from './data-source';
import { DeliveryModule } from './delivery/delivery.module';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { NotificationsInboxProcessor } from './notice/notifications-inbox.processor';

/** notifications' worker: the inbox of queue events, the sends on every channel, reminders and the sweeper. */
export const WorkerModule = defineWorker({
  name: 'notifications',
  data: notificationsData,
  env: notificationsWorkerEnv,
  imports: [DeliveryModule, JobsModule.forWorker([NotificationsInboxProcessor, DeliveryProcessor])],
});

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
