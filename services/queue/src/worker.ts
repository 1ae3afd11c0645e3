import '@kezek/tracing/register';
import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { OutboxModule } from '@kezek/outbox';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';
import { queueData } from './data-source';
import { DeadlineProcessor } from './lifecycle/deadline.processor';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { QUEUE_EVENT_ROUTES, QUEUE_SCHEMA } from './lifecycle/queue-events';
import { QueueInboxProcessor } from './lifecycle/queue-inbox.processor';

/** queue's worker: the outbox relay, the inbox (offer rounds, claims), every deadline and the sweeper. */
export const WorkerModule = defineWorker({
  name: 'queue',
  data: queueData,
  env: vacanciesApiEnv,
  imports: [
    OutboxModule.forWorker({ schema: QUEUE_SCHEMA, routes: QUEUE_EVENT_ROUTES }),
    LifecycleModule,
    JobsModule.forWorker([QueueInboxProcessor, DeadlineProcessor]),
  ],
});

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
