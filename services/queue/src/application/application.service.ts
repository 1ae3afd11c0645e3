import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { HistoryEntry } from './history-entry.entity';
import { overseenRegions } from './visibility.rules';

@Injectable()
export class ApplicationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByIds(ids: string[]): Promise<Application[]> {
    return this.db.getRepository(Application).findBy({ id: In(ids) });
  }

  findOne(where: { id?: string; number?: string }): Promise<Application | null> {
    return this.db.getRepository(Application).findOneBy(where.id ? { id: where.id } : { number: where.number });
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
