import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IN_QUEUE_STATUSES } from '../../application/models/application-status.enum';
import { ChangeAhead } from './position-ledger.rules';

const COUNTED = IN_QUEUE_STATUSES.map((s) => `'${s}'`).join(', ');

/** What the ledger reads: the application's place now and the status changes of the children ahead of it. */
@Injectable()
export class PositionLedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * 1 + the children ahead holding a place now (the queue number's count, R6, whatever the
   * application's own status), and every status change of a child ahead after the filing
   * instant, in the order they happened (history `at`, then insertion).
   */
  async changesAhead(applicationId: string): Promise<{ current: number; changes: ChangeAhead[] }> {
    const [{ current }]: Array<{ current: number }> = await this.db.query(
      `SELECT 1 + count(a.id)::int AS current FROM queue.application t
       LEFT JOIN queue.application a ON a.queue_area_id = t.queue_area_id AND a.group_year = t.group_year
         AND a.status IN (${COUNTED}) AND (a.created_at, a.number) < (t.created_at, t.number)
       WHERE t.id = $1`,
      [applicationId],
    );
    const changes: ChangeAhead[] = await this.db.query(
      `SELECT to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, h.action,
              h.from_status AS "fromStatus", h.to_status AS "toStatus"
       FROM queue.application t
       JOIN queue.application a ON a.queue_area_id = t.queue_area_id AND a.group_year = t.group_year
         AND (a.created_at, a.number) < (t.created_at, t.number)
       JOIN queue.application_history h ON h.application_id = a.id
       WHERE t.id = $1 AND h.at > t.created_at AND h.from_status IS DISTINCT FROM h.to_status
       ORDER BY h.at, h.id`,
      [applicationId],
    );
    return { current, changes };
  }
}
