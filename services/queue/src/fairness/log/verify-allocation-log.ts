import { EntityManager } from 'typeorm';
import { almatyDate } from '@kezek/clock';
import { ChildFacts, LogEntry, OrderFunction, replayLog, ReplayReport, verifyDayHead } from '@kezek/fairness';
import { PortalPolicy } from '@kezek/policy';
import { allocationOrder } from '../../allocation/allocation-order.rules';
import { ApplicationStatus } from '../../application/models/application-status.enum';
import { Privilege } from '../../application/models/privilege.enum';
import { AllocationLogRepository } from './allocation-log.repository';

/**
 * THE allocation-order function (R7, R8) over children as the log names them. The log carries no
 * application numbers, so children filed in the same microsecond tie on their pseudonyms instead
 * (R5 ties on the number): such a round would be reported as differing, never silently accepted.
 */
export const logOrder: OrderFunction = (children, at, policy) => {
  const byName = new Map(children.map((c) => [c.pseudonym, c]));
  return allocationOrder(
    children.map((c: ChildFacts) => ({
      id: c.pseudonym,
      number: c.pseudonym,
      privilege: c.privilege as Privilege,
      filedAt: c.filedAt,
      birthDate: c.birthDate,
      status: c.status as ApplicationStatus,
      onStopListUntil: c.onStopListUntil ? new Date(c.onStopListUntil) : null,
    })),
    at,
    policy as PortalPolicy,
  ).map((c) => byName.get(c.id)!);
};

export const LOG_STATUSES = { inQueue: ApplicationStatus.IN_QUEUE, notified: ApplicationStatus.NOTIFIED };

export interface LogVerification extends ReplayReport {
  /** Signed day heads checked against the chain and their key. */
  heads: number;
  /** Days whose signed head is not the chain's entry at that seq, or whose signature fails. */
  badHeads: string[];
}

/** Replays entries of one portal's chain from seq 1, judging the rounds appended within [from, to]. */
export function verifyEntries(entries: readonly LogEntry[], window: { from?: Date; to?: Date }): ReplayReport {
  return replayLog(entries, logOrder, LOG_STATUSES, { from: window.from?.toISOString(), to: window.to?.toISOString() });
}

/**
 * `npm run verify-log`'s work on queue's database: replays the portal's whole chain (a round's
 * state needs all that came before it), judges the rounds appended within [from, to], and checks
 * every signed day head of that window against the chain and its key.
 */
export async function verifyAllocationLog(
  db: EntityManager,
  portalId: string,
  window: { from?: Date; to?: Date },
): Promise<LogVerification> {
  const repository = new AllocationLogRepository(db);
  const entries = await repository.chain(portalId);
  const report = verifyEntries(entries, window);
  const heads = await repository.dayHeads(
    portalId,
    almatyDate(window.from ?? new Date(0)),
    almatyDate(window.to ?? new Date('9999-12-31T00:00:00Z')),
  );
  const hashAt = new Map(entries.map((e) => [e.seq, e.hash]));
  const badHeads = heads
    .filter((h) => hashAt.get(h.seq) !== h.hash || !verifyDayHead(h, h.signature, h.publicKey))
    .map((h) => h.day);
  return { ...report, heads: heads.length, badHeads };
}
