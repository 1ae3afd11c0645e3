import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { queueData } from './data-source';

export const WorkerModule = defineWorker({ name: 'queue', data: queueData, imports: [JobsModule.forWorker([])] });

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
