import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { bootstrap, defineWorker } from '@kezek/service-runtime';
import { identityData } from './data-source';

export const WorkerModule = defineWorker({ name: 'identity', data: identityData, imports: [JobsModule.forWorker([])] });

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
