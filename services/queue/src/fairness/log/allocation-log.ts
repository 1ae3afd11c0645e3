import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { chainEntry, ChildFacts, LogBody, LogEntry, LogEntryKind, pseudonym, RoundOpenedBody } from '@kezek/fairness';
import type { Change } from '../../application/history';
import type { OfferRound } from '../../offer/offer-round.entity';

// Appends to a portal's public allocation log, always inside the transaction of the decision it
// records, so an entry exists exactly when its decision committed. Each append locks its portal's
// chain head until that transaction ends: one portal's appends commit in seq order, other
// portals are not touched.

interface ChildRow extends Omit<ChildFacts, 'pseudonym' | 'onStopListUntil'> {
  id: string;
  portalId: string;
  number: string;
  onStopListUntil: Date | null;
}

/** The ordering facts of applications, filedAt with the microseconds the queue order keeps (as allocation reads it). */
const CHILD_ROWS_SQL = `
  SELECT id, portal_id AS "portalId", number, queue_area_id AS "areaId", group_year AS "groupYear",
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "filedAt",
         to_char(child_birth_date, 'YYYY-MM-DD') AS "birthDate", privilege, status,
         on_stop_list_until AS "onStopListUntil"
  FROM queue.application WHERE id = ANY($1::uuid[])`;

const childRows = (tx: EntityManager, ids: readonly string[]): Promise<ChildRow[]> => tx.query(CHILD_ROWS_SQL, [ids]);

const facts = (key: Buffer, r: ChildRow): ChildFacts => ({
  pseudonym: pseudonym(key, r.number),
  areaId: r.areaId,
  groupYear: r.groupYear,
  filedAt: r.filedAt,
  birthDate: r.birthDate,
  privilege: r.privilege,
  status: r.status,
  onStopListUntil: r.onStopListUntil?.toISOString() ?? null,
});

/** Appends the entry `build` makes with the portal's pseudonym key; the chain head stays locked until commit. */
async function append(
  tx: EntityManager,
  portalId: string,
  at: Date,
  kind: LogEntryKind,
  build: (key: Buffer) => LogBody,
): Promise<LogEntry> {
  // An upsert that changes nothing still locks the row and returns it: one statement for a new or an existing chain.
  const [head]: Array<{ pseudonym_key: Buffer; seq: string; hash: string; at: Date }> = await tx.query(
    `INSERT INTO queue.allocation_log_chain (portal_id, pseudonym_key, seq, hash, at) VALUES ($1, $2, 0, '', $3)
     ON CONFLICT (portal_id) DO UPDATE SET portal_id = EXCLUDED.portal_id
     RETURNING pseudonym_key, seq, hash, at`,
    [portalId, randomBytes(32), at],
  );
  const seq = Number(head.seq);
  const entry = chainEntry(seq ? { seq, hash: head.hash } : null, {
    portalId,
    // Never before the previous entry, so a day's head is the last entry appended before the day ended.
    at: new Date(Math.max(at.getTime(), head.at.getTime())).toISOString(),
    kind,
    body: build(head.pseudonym_key),
  });
  await tx.query(
    `WITH appended AS (
       INSERT INTO queue.allocation_log (portal_id, seq, at, kind, body, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7))
     UPDATE queue.allocation_log_chain SET seq = $2, hash = $7, at = $3 WHERE portal_id = $1`,
    [portalId, entry.seq, entry.at, entry.kind, JSON.stringify(entry.body), entry.prevHash, entry.hash],
  );
  return entry;
}

/**
 * The hook of recordChange: a change of status (filed, offered, referral issued or revoked, expired
 * onto the stop-list, privilege refused, withdrawn, removed, enrolled) is a decision of the log,
 * with the child's facts after it. Changes that keep the status (an extension, an attached parent)
 * change nobody's order and are not logged.
 */
export async function logDecision(tx: EntityManager, applicationId: string, change: Change): Promise<void> {
  if (change.fromStatus === change.toStatus) return;
  const [row] = await childRows(tx, [applicationId]);
  await append(tx, row.portalId, change.at, LogEntryKind.DECISION, (key) => ({
    action: change.action,
    child: facts(key, row),
  }));
}

/** The portal's last seq now: a round reads it before it reads the queue (RoundOpenedBody.asOf). */
export async function chainSeq(tx: EntityManager, portalId: string): Promise<number> {
  const [head]: Array<{ seq: string }> = await tx.query(
    `SELECT seq FROM queue.allocation_log_chain WHERE portal_id = $1`,
    [portalId],
  );
  return head ? Number(head.seq) : 0;
}

/** A round just opened: the children it picked in allocation order and those its offers reached, by place. */
export async function logRoundOpened(
  tx: EntityManager,
  round: OfferRound,
  asOf: number,
  picked: ReadonlyArray<{ id: string }>,
): Promise<void> {
  const pickedIds = picked.map((c) => c.id);
  const offered: Array<{ application_id: string }> = await tx.query(
    `SELECT application_id FROM queue.offer WHERE round_id = $1 ORDER BY place`,
    [round.id],
  );
  const rows = new Map((await childRows(tx, pickedIds)).map((r) => [r.id, r]));
  await append(tx, round.portalId, round.publishedAt, LogEntryKind.ROUND_OPENED, (key): RoundOpenedBody => {
    const name = (id: string) => pseudonym(key, rows.get(id)!.number);
    return {
      roundId: round.id,
      areaIds: round.areaIds,
      groupYear: round.groupYear,
      seats: round.seats,
      held: round.held,
      publishedAt: round.publishedAt.toISOString(),
      policy: round.policy,
      asOf,
      picked: pickedIds.map(name),
      offered: offered.map((o) => name(o.application_id)),
    };
  });
}

/** A round's window ended: its offered children who chose nothing are back in the queue (R11). */
export async function logRoundClosed(
  tx: EntityManager,
  round: OfferRound,
  lapsed: ReadonlyArray<{ id: string }>,
  at: Date,
): Promise<void> {
  const rows = await childRows(
    tx,
    lapsed.map((c) => c.id),
  );
  await append(tx, round.portalId, at, LogEntryKind.ROUND_CLOSED, (key) => ({
    roundId: round.id,
    lapsed: rows.map((r) => pseudonym(key, r.number)),
  }));
}
