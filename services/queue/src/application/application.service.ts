import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { HistoryEntry } from './history-entry.entity';
import { IN_QUEUE_STATUSES } from './models/application-status.enum';
import { JournalRepository, PlaceBounds } from './journal.repository';
import { decodeCursor, encodeCursor, journalHash, queueNumberRange, SORT_KEYS } from './journal.rules';
import { JournalArgs } from './journal.schema';
import { journalScope } from './visibility.rules';

export interface QueuePosition {
  queueNumber: number;
  privilegedQueueNumber: number;
}

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journalRows: JournalRepository,
  ) {}

  findByIds(ids: string[]): Promise<Application[]> {
    return this.db.getRepository(Application).findBy({ id: In(ids) });
  }

  findOne(where: { id?: string; number?: string }): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy(where.id ? { id: where.id } : { number: where.number });
  }

  /**
   * The journal: what canSeeApplication allows, filtered and sorted, one keyset page at a time.
   * totalCount is counted on the first page and carried in the cursor, so a later page does not
   * rescan the region: it is the count as of the first page.
   */
  async journal(principal: Principal, portal: Portal, args: JournalArgs) {
    const { filter, orderBy, first } = args;
    const sort = { keys: SORT_KEYS[orderBy.field], direction: orderBy.direction };
    const hash = journalHash(filter, orderBy, { portalId: portal.id, userId: principal.userId });
    const after = args.after ? decodeCursor(args.after, sort.keys, hash) : undefined;
    const scope = journalScope(principal, portal);

    const range = queueNumberRange(filter);
    let places: PlaceBounds | null = null;
    if (range) {
      const from = await this.journalRows.queueKeyAt(filter.queueAreaId!, filter.groupYear!, range.from);
      // Past the end of the queue: no application has that place.
      if (!from) return { items: [], totalCount: 0, nextCursor: null };
      const to = range.to && (await this.journalRows.queueKeyAt(filter.queueAreaId!, filter.groupYear!, range.to));
      places = { from, ...(to ? { to } : {}) };
    }

    const [rows, totalCount] = await Promise.all([
      this.journalRows.page(scope, filter, places, sort, after, first + 1),
      after ? after.totalCount : this.journalRows.count(scope, filter, places),
    ]);
    const shown = rows.slice(0, first);
    const byId = new Map((await this.findByIds(shown.map((r) => r.id))).map((a) => [a.id, a]));
    const last = shown[shown.length - 1];
    return {
      items: shown.map((r) => byId.get(r.id)!),
      totalCount,
      nextCursor: rows.length > first ? encodeCursor({ keys: last.keys, id: last.id, totalCount }, hash) : null,
    };
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
