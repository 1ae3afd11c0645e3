import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { HistoryEntry } from './history-entry.entity';
import { JournalRepository, PlaceBounds } from './journal.repository';
import { decodeCursor, encodeCursor, journalHash, queueNumberRange, SORT_KEYS } from './journal.rules';
import { JournalArgs } from './journal.schema';
import { journalScope } from './visibility.rules';

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journalRows: JournalRepository,
  ) {}

  findByIds(ids: string[]): Promise<Application[]> {
    return this.db.getRepository(Application).findBy({ id: In(ids) });
  }

  /** By id, or by number among the portal's applications (numbers are per portal). */
  findOne(portal: Portal, where: { id?: string; number?: string }): Promise<Application | null> {
    return this.db
      .getRepository(Application)
      .findOneBy(where.id ? { id: where.id } : { portalId: portal.id, number: where.number });
  }

  /** The application of a portal with this number and this child's IIN, both matching; null otherwise. */
  findByNumberAndChild(portalId: string, number: string, childIin: string): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy({ portalId, number, childIin });
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
