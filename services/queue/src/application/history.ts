import { EntityManager } from 'typeorm';
import { logDecision } from '../fairness/log/allocation-log';
import { HistoryEntry } from './history-entry.entity';
import { ApplicationStatus } from './models/application-status.enum';

/** One change of an application as R21 records it: who, when, what, why, and the signature if signed. */
export interface Change {
  at: Date;
  action: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actor: string;
  reason?: string | null;
  signatureId?: string | null;
}

/**
 * Appends a change to the application's history (the table refuses edits) and, if it changes the
 * child's standing, to the public allocation log, in the caller's transaction.
 */
export async function recordChange(tx: EntityManager, applicationId: string, change: Change): Promise<void> {
  await tx.getRepository(HistoryEntry).insert({ applicationId, reason: null, signatureId: null, ...change });
  await logDecision(tx, applicationId, change);
}
