import { DataSourceDefinition } from '@kezek/subgraph';
import { Application, Referral } from './application/application.entity';
import { HistoryEntry } from './application/history-entry.entity';
import { Applications1767000000000 } from './migrations/1767000000000-applications';

export const queueData: DataSourceDefinition = {
  schema: 'queue',
  entities: [Application, Referral, HistoryEntry],
  migrations: [Applications1767000000000],
};
