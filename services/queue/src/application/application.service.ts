import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { HistoryEntry } from './history-entry.entity';
import { IN_QUEUE_STATUSES } from './models/application-status.enum';
import { overseenRegions } from './visibility.rules';

export interface QueuePosition {
  queueNumber: number;
  privilegedQueueNumber: number;
}

@Injectable()
export class ApplicationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByIds(ids: string[]): Promise<Application[]> {
    return this.db.getRepository(Application).findBy({ id: In(ids) });
  }

  findOne(where: { id?: string; number?: string }): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy(where.id ? { id: where.id } : { number: where.number });
  }

  /** The application of a portal with this number and this child's IIN, both matching; null otherwise. */
  findByNumberAndChild(portalId: string, number: string, childIin: string): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy({ portalId, number, childIin });
  }

  /** What canSeeApplication allows, as SQL: the caller's own applications, or a region's for operators, newest first, keyset-paginated. */
  async listVisible(principal: Principal, portal: Portal, first: number, after?: { createdAt: string; id: string }) {
    const qb = this.db
      .getRepository(Application)
      .createQueryBuilder('a')
      .where('a.region_id IN (:...regions)', { regions: portal.regionIds });
    const overseen = overseenRegions(principal);
    if (overseen !== 'all') {
      qb.andWhere(
        overseen.length
          ? '(a.applicant_ids @> ARRAY[:me]::uuid[] OR a.region_id IN (:...overseen))'
          : 'a.applicant_ids @> ARRAY[:me]::uuid[]',
        { me: principal.userId, overseen },
      );
    }
    const totalCount = await qb.clone().getCount();
    if (after)
      qb.andWhere('(a.created_at, a.id) < (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const items = await qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(first + 1)
      .getMany();
    return { items: items.slice(0, first), totalCount, hasMore: items.length > first };
  }

  /**
   * R5/R6: positions are derived from the filing order, never stored. `queueNumber` counts all
   * queued children of the area and group year; `privilegedQueueNumber` those of the same
   * privilege category (0 without one).
   */
  async positions(ids: string[]): Promise<Map<string, QueuePosition>> {
    const rows: Array<{ id: string; queue_number: string; privileged_queue_number: string }> = await this.db.query(
      `WITH target AS (SELECT DISTINCT queue_area_id, group_year FROM application WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[]))
       SELECT id, queue_number, privileged_queue_number FROM (
         SELECT a.id,
                row_number() OVER (PARTITION BY a.queue_area_id, a.group_year ORDER BY a.created_at, a.number) AS queue_number,
                CASE WHEN a.privilege = 'NONE' THEN 0
                     ELSE row_number() OVER (PARTITION BY a.queue_area_id, a.group_year, a.privilege ORDER BY a.created_at, a.number) END
                  AS privileged_queue_number
         FROM application a JOIN target t USING (queue_area_id, group_year)
         WHERE a.status = ANY($2::text[])
       ) ranked WHERE id = ANY($1::uuid[])`,
      [ids, IN_QUEUE_STATUSES],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { queueNumber: Number(r.queue_number), privilegedQueueNumber: Number(r.privileged_queue_number) },
      ]),
    );
  }

  historyOf(ids: string[]): Promise<HistoryEntry[]> {
    return this.db.getRepository(HistoryEntry).find({ where: { applicationId: In(ids) }, order: { id: 'ASC' } });
  }

  referralsOf(ids: string[]): Promise<Referral[]> {
    return this.db.getRepository(Referral).find({ where: { applicationId: In(ids) }, order: { issuedAt: 'ASC' } });
  }

  referralsByIds(ids: string[]): Promise<Referral[]> {
    return this.db.getRepository(Referral).findBy({ id: In(ids) });
  }
}
