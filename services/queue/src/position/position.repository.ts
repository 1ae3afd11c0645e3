import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';

export interface QueuePosition {
  queueNumber: number;
  privilegedQueueNumber: number;
}

/**
 * Statuses whose position is shown: those holding a place, and a referral's holder, whose number
 * is the place a revocation returns it to (R15, R5) even though it pushes nobody back meanwhile.
 */
const NUMBERED_STATUSES = [...IN_QUEUE_STATUSES, ApplicationStatus.REFERRAL_ISSUED];

// Literals, not parameters: the planner must see that the partial indexes' predicate holds.
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
const COUNTED = list(IN_QUEUE_STATUSES);

/** Both numbers of the applications `$1` (uuid[]) names; the bench EXPLAINs it. */
export const POSITIONS_SQL = `
  SELECT t.id,
         ahead.n + 1 AS queue_number,
         CASE WHEN t.privilege = '${Privilege.NONE}' THEN 0 ELSE same_category.n + 1 END AS privileged_queue_number
  FROM application t
  CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM application a
    WHERE a.queue_area_id = t.queue_area_id AND a.group_year = t.group_year AND a.status IN (${COUNTED})
      AND (a.created_at, a.number) < (t.created_at, t.number)
  ) ahead
  CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM application a
    WHERE t.privilege <> '${Privilege.NONE}'
      AND a.queue_area_id = t.queue_area_id AND a.group_year = t.group_year AND a.privilege = t.privilege
      AND a.status IN (${COUNTED}) AND (a.created_at, a.number) < (t.created_at, t.number)
  ) same_category
  WHERE t.id = ANY($1::uuid[]) AND t.status IN (${list(NUMBERED_STATUSES)})`;

/**
 * R5/R6: positions are derived from the filing order, never stored. Each is a count of the
 * children holding a place ahead in (created_at, number) order, answered by an index-only scan
 * of application_queue_order_idx (queueNumber) or application_privilege_order_idx (within the
 * privilege category), so the cost grows with the depth of the place, not with a ranking of
 * the whole area and group year. created_at is compared in SQL: it has microseconds a JS Date drops.
 */
@Injectable()
export class PositionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Both numbers of each application that is in the queue or holds a referral; others are absent. */
  async positionsOf(ids: readonly string[]): Promise<Map<string, QueuePosition>> {
    const rows: Array<{ id: string; queue_number: string; privileged_queue_number: string }> = await this.db.query(
      POSITIONS_SQL,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { queueNumber: Number(r.queue_number), privilegedQueueNumber: Number(r.privileged_queue_number) },
      ]),
    );
  }
}
