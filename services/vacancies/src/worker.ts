import '@kezek/tracing/register';
import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { OutboxModule } from '@kezek/outbox';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { ClaimModule } from './claim/claim.module';
import { ExpiryReconciler } from './claim/expiry-reconciler.processor';
import { vacanciesData } from './data-source';
import { SEAT_EVENT_ROUTES, VACANCIES_SCHEMA } from './seat/seat-events';

export const WorkerModule = defineWorker({
  name: 'vacancies',
  data: vacanciesData,
  imports: [
    OutboxModule.forWorker({ schema: VACANCIES_SCHEMA, routes: SEAT_EVENT_ROUTES }),
    ClaimModule.forWorker(),
    JobsModule.forWorker([ExpiryReconciler]),
  ],
});

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
