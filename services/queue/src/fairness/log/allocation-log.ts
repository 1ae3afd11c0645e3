import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { chainEntry, ChildFacts, LogBody, LogEntry, LogEntryKind, pseudonym, RoundOpenedBody } from '@kezek/fairness';
import type { Change } from '../../application/history';
import type { OfferRound } from '../../offer/offer-round.entity';

// Appends to a portal's public allocation log, always inside the transaction of the decision it
// records, so an entry exists exactly when its decision committed. Each append locks its portal's
// chain head until that transaction ends: one portal's appends commit in seq order, other
// portals are not touched. Two statements an entry: lock the head (with what the entry needs),
// write the entry and move the head.

interface Head {
  pseudonym_key: Buffer;
  seq: string;
  hash: string;
  head_at: Date;
}

/**
 * Locks the chain head of the portal `$portal` names (an SQL expression over `source`), creating
 * it with a fresh pseudonym key on the portal's first entry: an upsert that changes nothing still
 * locks the row and returns it. `$2` is that key, `$3` the instant.
 */
const lockHead = (portal: string, source: string) => `
  INSERT INTO queue.allocation_log_chain (portal_id, pseudonym_key, seq, hash, at)
  SELECT ${portal}, $2, 0, '', $3 FROM ${source}
  ON CONFLICT (portal_id) DO UPDATE SET portal_id = EXCLUDED.portal_id
  RETURNING pseudonym_key, seq, hash, at AS head_at`;

async function write(
  tx: EntityManager,
  head: Head,
  portalId: string,
  at: Date,
  kind: LogEntryKind,
  body: LogBody,
): Promise<void> {
  const seq = Number(head.seq);
  const entry = chainEntry(seq ? { seq, hash: head.hash } : null, {
    portalId,
    // Never before the previous entry, so a day's head is the last entry appended before the day ended.
    at: new Date(Math.max(at.getTime(), head.head_at.getTime())).toISOString(),
    kind,
    body,
  });
  await tx.query(
    `WITH appended AS (
       INSERT INTO queue.allocation_log (portal_id, seq, at, kind, body, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7))
     UPDATE queue.allocation_log_chain SET seq = $2, hash = $7, at = $3 WHERE portal_id = $1`,
    [portalId, entry.seq, entry.at, entry.kind, JSON.stringify(entry.body), entry.prevHash, entry.hash],
  );
}

/** Locks the head of a portal named by value, for entries whose rows were read apart. */
async function headOf(tx: EntityManager, portalId: string, at: Date): Promise<Head> {
  const [head]: Head[] = await tx.query(lockHead('$1::text', '(SELECT 1) AS one'), [portalId, randomBytes(32), at]);
  return head;
}

interface ChildRow extends Omit<ChildFacts, 'pseudonym' | 'onStopListUntil'>, Head {
  portalId: string;
  number: string;
  onStopListUntil: Date | null;
}

/**
 * The hook of recordChange: a change of status (filed, referral issued or revoked, expired onto
 * the stop-list, privilege refused, withdrawn, removed, enrolled) is a decision of the log, with
 * the child's facts after it (filedAt with the microseconds the queue order keeps, as allocation
 * reads it). Changes that keep the status (an extension, an attached parent) change nobody's order.
 */
export async function logDecision(tx: EntityManager, applicationId: string, change: Change): Promise<void> {
  if (change.fromStatus === change.toStatus) return;
  const [row]: ChildRow[] = await tx.query(
    `WITH child AS (${CHILD_FACTS} WHERE id = $1)
     , head AS (${lockHead('"portalId"', 'child')})
     SELECT * FROM child, head`,
    [applicationId, randomBytes(32), change.at],
  );
  await write(tx, row, row.portalId, change.at, LogEntryKind.DECISION, {
    action: change.action,
    child: childFacts(row.pseudonym_key, row),
  });
}

/** What the log says of a child, as allocation reads it (filedAt with the microseconds the queue order keeps). */
const CHILD_FACTS = `
  SELECT portal_id AS "portalId", number, queue_area_id AS "areaId", group_year AS "groupYear",
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "filedAt",
         to_char(child_birth_date, 'YYYY-MM-DD') AS "birthDate", privilege, status,
         on_stop_list_until AS "onStopListUntil"
  FROM queue.application`;

function childFacts(key: Buffer, row: Omit<ChildRow, keyof Head>): ChildFacts {
  return {
    pseudonym: pseudonym(key, row.number),
    areaId: row.areaId,
    groupYear: row.groupYear,
    filedAt: row.filedAt,
    birthDate: row.birthDate,
    privilege: row.privilege,
    status: row.status,
    onStopListUntil: row.onStopListUntil?.toISOString() ?? null,
  };
}

/** The action of an opening snapshot's entries. */
export const OPENING_SNAPSHOT = 'OPENING_SNAPSHOT';

/**
 * The opening snapshot of a portal whose applications predate its log (a deployment that had a
 * queue before the log's migration): a DECISION `OPENING_SNAPSHOT` for each application still in
 * the queue's lifecycle (`statuses`) that no entry names yet, with its facts now, so that a replay
 * knows every child a later round may pick. One transaction under the chain head's lock: the
 * portal's decisions wait for it and none is appended between its reading and its entries, so a
 * second run adds nothing. Returns how many entries it appended.
 */
export async function appendOpeningSnapshot(
  db: DataSource,
  portalId: string,
  at: Date,
  statuses: readonly string[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const head = await headOf(tx, portalId, at);
    const named = new Set(
      (
        (await tx.query(
          `SELECT DISTINCT body->'child'->>'pseudonym' AS name FROM queue.allocation_log
            WHERE portal_id = $1 AND kind = '${LogEntryKind.DECISION}'`,
          [portalId],
        )) as Array<{ name: string }>
      ).map((r) => r.name),
    );
    // Queue order (R5): the snapshot lists the children as the queue holds them.
    const rows: Array<Omit<ChildRow, keyof Head>> = await tx.query(
      `${CHILD_FACTS} WHERE portal_id = $1 AND status = ANY($2::text[]) ORDER BY created_at, id`,
      [portalId, statuses],
    );
    const children = rows.map((r) => childFacts(head.pseudonym_key, r)).filter((c) => !named.has(c.pseudonym));
    if (!children.length) return 0;
    let last: { seq: number; hash: string } | null = Number(head.seq)
      ? { seq: Number(head.seq), hash: head.hash }
      : null;
    const stamp = new Date(Math.max(at.getTime(), head.head_at.getTime())).toISOString();
    const entries: LogEntry[] = children.map((child) => {
      const entry = chainEntry(last, {
        portalId,
        at: stamp,
        kind: LogEntryKind.DECISION,
        body: { action: OPENING_SNAPSHOT, child },
      });
      last = entry;
      return entry;
    });
    for (let i = 0; i < entries.length; i += SNAPSHOT_INSERT) {
      const part = entries.slice(i, i + SNAPSHOT_INSERT);
      await tx.query(
        `INSERT INTO queue.allocation_log (portal_id, seq, at, kind, body, prev_hash, hash)
         SELECT $1, x.seq, $2, $3, x.body, x.prev_hash, x.hash
           FROM unnest($4::bigint[], $5::jsonb[], $6::text[], $7::text[]) AS x(seq, body, prev_hash, hash)`,
        [
          portalId,
          stamp,
          LogEntryKind.DECISION,
          part.map((e) => e.seq),
          part.map((e) => JSON.stringify(e.body)),
          part.map((e) => e.prevHash),
          part.map((e) => e.hash),
        ],
      );
    }
    const end = entries[entries.length - 1];
    await tx.query(`UPDATE queue.allocation_log_chain SET seq = $2, hash = $3, at = $4 WHERE portal_id = $1`, [
      portalId,
      end.seq,
      end.hash,
      stamp,
    ]);
    return entries.length;
  });
}

/** Entries per INSERT of a snapshot: one statement's parameters stay small. */
const SNAPSHOT_INSERT = 1000;

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
  const rows: Array<{ number: string; place: number | null }> = await tx.query(
    `SELECT a.number, o.place FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, k)
     JOIN queue.application a ON a.id = x.id
     LEFT JOIN queue.offer o ON o.round_id = $2 AND o.application_id = x.id
     ORDER BY x.k`,
    [picked.map((c) => c.id), round.id],
  );
  const head = await headOf(tx, round.portalId, round.publishedAt);
  const named = rows.map((r) => ({ name: pseudonym(head.pseudonym_key, r.number), place: r.place }));
  const body: RoundOpenedBody = {
    roundId: round.id,
    areaIds: round.areaIds,
    groupYear: round.groupYear,
    seats: round.seats,
    held: round.held,
    publishedAt: round.publishedAt.toISOString(),
    policy: round.policy,
    asOf,
    picked: named.map((n) => n.name),
    offered: named
      .filter((n) => n.place !== null)
      .sort((a, b) => a.place! - b.place!)
      .map((n) => n.name),
  };
  await write(tx, head, round.portalId, round.publishedAt, LogEntryKind.ROUND_OPENED, body);
}

/** A round's window ended: its offered children who chose nothing are back in the queue (R11). */
export async function logRoundClosed(
  tx: EntityManager,
  round: OfferRound,
  lapsed: ReadonlyArray<{ id: string }>,
  at: Date,
): Promise<void> {
  const rows: Array<{ number: string }> = await tx.query(
    `SELECT number FROM queue.application WHERE id = ANY($1::uuid[]) ORDER BY number`,
    [lapsed.map((c) => c.id)],
  );
  const head = await headOf(tx, round.portalId, at);
  await write(tx, head, round.portalId, at, LogEntryKind.ROUND_CLOSED, {
    roundId: round.id,
    lapsed: rows.map((r) => pseudonym(head.pseudonym_key, r.number)),
  });
}
