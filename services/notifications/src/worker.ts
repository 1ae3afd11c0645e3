import '@kezek/tracing/register';
import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { OutboxModule } from '@kezek/outbox';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { notificationsWorkerEnv } from './config';
import { notificationsData } from './data-source';
import { DeliveryModule } from './delivery/delivery.module';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { NotificationsInboxProcessor } from './notice/notifications-inbox.processor';
import { NOTICE_EVENT_ROUTES, NOTIFICATIONS_SCHEMA } from './outbox/notice-events';

/** notifications' worker: the inbox of queue events, the sends on every channel, reminders, the sweeper and the outbox relay. */
export const WorkerModule = defineWorker({
  name: 'notifications',
  data: notificationsData,
  env: notificationsWorkerEnv,
  imports: [
    OutboxModule.forWorker({ schema: NOTIFICATIONS_SCHEMA, routes: NOTICE_EVENT_ROUTES }),
    DeliveryModule,
    JobsModule.forWorker([NotificationsInboxProcessor, DeliveryProcessor]),
  ],
});

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
