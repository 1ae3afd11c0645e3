import { DataSourceDefinition } from '@kezek/database';
import { Application } from './application/application.entity';
import { HistoryEntry } from './application/history-entry.entity';
import { IssuedDocumentRecord } from './document/document.entity';
import { Applications1767000000000 } from './migrations/1767000000000-applications';
import { SignedActions1767300000000 } from './migrations/1767300000000-signed-actions';
import { Filing1767600000000 } from './migrations/1767600000000-filing';
import { PositionIndexes1767610000000 } from './migrations/1767610000000-position-indexes';
import { JournalIndexes1767630000000 } from './migrations/1767630000000-journal-indexes';
import { Documents1767620000000 } from './migrations/1767620000000-documents';
import { JournalTally1767640000000 } from './migrations/1767640000000-journal-tally';
import { Referral } from './referral/referral.entity';
import { SignedActionRecord } from './signed-action/signed-action.entity';

export const queueData: DataSourceDefinition = {
  schema: 'queue',
  entities: [Application, Referral, HistoryEntry, SignedActionRecord, IssuedDocumentRecord],
  migrations: [
    Applications1767000000000,
    SignedActions1767300000000,
    Filing1767600000000,
    PositionIndexes1767610000000,
    Documents1767620000000,
    JournalIndexes1767630000000,
    JournalTally1767640000000,
  ],
};
