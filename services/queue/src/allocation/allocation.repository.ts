import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { AllocationCandidate } from './allocation-order.rules';

/**
 * The head of one privilege category's queue: an index-only scan of application_privilege_order_idx
 * in queue order, filtered on the columns it includes, stopped at the limit.
 */
const head = (privilege: Privilege) => `(
  SELECT id, number, privilege, status,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "filedAt",
         to_char(child_birth_date, 'YYYY-MM-DD') AS "birthDate",
         on_stop_list_until AS "onStopListUntil"
  FROM application
  WHERE queue_area_id = $1 AND group_year = $2 AND privilege = '${privilege}' AND status = '${ApplicationStatus.IN_QUEUE}'
    AND (on_stop_list_until IS NULL OR on_stop_list_until < $3) AND child_birth_date <= $4::date
  ORDER BY created_at, number
  LIMIT $5)`;

@Injectable()
export class AllocationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The first `limit` children of each privilege category of an area and group year that are
   * eligible at `at` (R8, as `isEligible` states it: in the queue without an open offer or
   * referral, off the stop-list, born on or before `latestBirthDate`), in queue order (R5).
   * Each category's scan stops after `limit` matches instead of reading the partition.
   */
  eligibleHeads(q: {
    queueAreaId: string;
    groupYear: number;
    limit: number;
    at: Date;
    latestBirthDate: string;
  }): Promise<AllocationCandidate[]> {
    return this.db.query(
      [Privilege.OUT_OF_TURN, Privilege.FIRST_PRIORITY, Privilege.NONE].map(head).join(' UNION ALL '),
      [q.queueAreaId, q.groupYear, q.at, q.latestBirthDate, q.limit],
    );
  }
}
