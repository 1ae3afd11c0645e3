import { EntityManager } from 'typeorm';
import { DayHead, LogEntry } from '@kezek/fairness';

export interface SignedDayHead extends DayHead {
  signature: string;
  publicKey: string;
  signedAt: Date;
}

const ENTRY_COLUMNS = `portal_id AS "portalId", seq::int AS seq, at, kind, body, prev_hash AS "prevHash", hash`;
const asEntry = (r: Omit<LogEntry, 'at'> & { at: Date }): LogEntry => ({ ...r, at: r.at.toISOString() });

/** Reads of the allocation log tables (the appends are allocation-log.ts's, in the deciding transaction). */
export class AllocationLogRepository {
  constructor(private readonly db: EntityManager) {}

  /** Up to `limit` entries from seq `fromSeq` on. */
  async range(portalId: string, fromSeq: number, limit: number): Promise<LogEntry[]> {
    const rows = await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM queue.allocation_log WHERE portal_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [portalId, fromSeq, limit],
    );
    return rows.map(asEntry);
  }

  /** The whole chain of a portal. */
  async chain(portalId: string): Promise<LogEntry[]> {
    const rows = await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM queue.allocation_log WHERE portal_id = $1 ORDER BY seq`,
      [portalId],
    );
    return rows.map(asEntry);
  }

  /** The portal's pseudonym key; null before its first entry. */
  async pseudonymKey(portalId: string): Promise<Buffer | null> {
    const [row]: Array<{ pseudonym_key: Buffer }> = await this.db.query(
      `SELECT pseudonym_key FROM queue.allocation_log_chain WHERE portal_id = $1`,
      [portalId],
    );
    return row?.pseudonym_key ?? null;
  }

  /** Each Almaty day that ended before `before` with entries and no signed head yet: its last entry. */
  async unsignedDays(portalId: string, before: Date): Promise<DayHead[]> {
    const rows: Array<{ day: string; seq: number; hash: string }> = await this.db.query(
      `WITH since AS (
         SELECT coalesce(max(day) + 1, '-infinity'::date) AS day FROM queue.allocation_log_day_head WHERE portal_id = $1)
       , last AS (
         SELECT DISTINCT ON (1) to_char(l.at AT TIME ZONE 'Asia/Almaty', 'YYYY-MM-DD') AS day, l.seq::int AS seq, l.hash
         FROM queue.allocation_log l, since
         WHERE l.portal_id = $1 AND l.at < $2 AND (l.at AT TIME ZONE 'Asia/Almaty')::date >= since.day
         ORDER BY 1, l.seq DESC)
       SELECT * FROM last ORDER BY day`,
      [portalId, before],
    );
    return rows.map((r) => ({ portalId, ...r }));
  }

  async insertDayHead(head: SignedDayHead): Promise<void> {
    await this.db.query(
      `INSERT INTO queue.allocation_log_day_head (portal_id, day, seq, hash, signature, public_key, signed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (portal_id, day) DO NOTHING`,
      [head.portalId, head.day, head.seq, head.hash, head.signature, head.publicKey, head.signedAt],
    );
  }

  async dayHeads(portalId: string, from: string, to: string): Promise<SignedDayHead[]> {
    return this.db.query(
      `SELECT portal_id AS "portalId", to_char(day, 'YYYY-MM-DD') AS day, seq::int AS seq, hash, signature,
              public_key AS "publicKey", signed_at AS "signedAt"
       FROM queue.allocation_log_day_head WHERE portal_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [portalId, from, to],
    );
  }
}
