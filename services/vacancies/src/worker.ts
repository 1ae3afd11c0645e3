import 'reflect-metadata';
import { JobsModule } from '@kezek/jobs';
import { bootstrap, defineWorker } from '@kezek/subgraph';
import { vacanciesData } from './data-source';

export const WorkerModule = defineWorker({ name: 'vacancies', data: vacanciesData, imports: [JobsModule.forWorker([])] });

if (require.main === module) void bootstrap(() => WorkerModule.forRoot());
