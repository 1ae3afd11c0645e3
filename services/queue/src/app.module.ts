import { defineApi } from '@kezek/subgraph';
import { queueData } from './data-source';
import { ApplicationModule } from './application/application.module';

export const AppModule = defineApi({ name: 'queue', data: queueData, imports: [ApplicationModule] });
