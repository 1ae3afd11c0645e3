import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { AnalyticsReader } from '@kezek/database';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { analyticsReport, assertOverseesRegion } from '@kezek/statistics';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { OpenQueueStatistics, QueueStatistics, QueueStatisticsRow } from './models/queue-statistics.model';
import { StatisticsRepository, StatisticsScope } from './statistics.repository';
import { mergeByKey, openCount } from './statistics.rules';

const COUNTED: Record<string, keyof QueueStatisticsRow> = {
  [ApplicationStatus.IN_QUEUE]: 'inQueue',
  [ApplicationStatus.NOTIFIED]: 'notified',
  [ApplicationStatus.REFERRAL_ISSUED]: 'referralIssued',
  [ApplicationStatus.ENROLLED]: 'enrolled',
  [ApplicationStatus.WITHDRAWN]: 'withdrawn',
  [ApplicationStatus.REMOVED]: 'removed',
};

const COLUMNS = [
  'areaId',
  'groupYear',
  'privilege',
  'inQueue',
  'onStopList',
  'notified',
  'referralIssued',
  'enrolled',
  'withdrawn',
  'removed',
  'offers',
  'offersLapsed',
  'referralsExpired',
  'referralsRevoked',
  'waitingDaysMedian',
  'waitingDaysP90',
] as const;

const emptyRow = () => ({
  inQueue: 0,
  onStopList: 0,
  notified: 0,
  referralIssued: 0,
  enrolled: 0,
  withdrawn: 0,
  removed: 0,
  offers: 0,
  offersLapsed: 0,
  referralsExpired: 0,
  referralsRevoked: 0,
  waitingDaysMedian: null,
  waitingDaysP90: null,
});

/**
 * Queue statistics for operators (their regions; ADMINs every region of the portal) and the open
 * figures anyone may read — both on the read replica, each answer saying how stale it is.
 */
@Injectable()
export class StatisticsService {
  private readonly analytics: AnalyticsReader;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly clock: Clock,
  ) {
    this.analytics = new AnalyticsReader(db);
  }

  async forOperator(
    principal: Principal,
    portal: Portal,
    regionId: string,
    groupYear?: number,
  ): Promise<QueueStatistics> {
    assertOverseesRegion(principal, portal, regionId);
    const scope: StatisticsScope = { portalId: portal.id, regionIds: [regionId], groupYear };
    const asOf = this.clock.now();
    const answer = await this.analytics.read(async (manager) => {
      const sql = new StatisticsRepository(manager);
      const [byStatus, stopList, offers, referrals] = await Promise.all([
        sql.byStatus(scope),
        sql.onStopList(scope, asOf),
        sql.offers(scope),
        sql.referrals(scope),
      ]);
      const counts = byStatus
        .filter((r) => COUNTED[r.status])
        .map(({ areaId, groupYear: year, privilege, status, n }) => ({
          areaId,
          groupYear: year,
          privilege,
          [COUNTED[status]]: n,
        }));
      return mergeByKey<QueueStatisticsRow>(emptyRow, [counts, stopList, offers, referrals]);
    });
    return analyticsReport(answer, asOf, COLUMNS);
  }

  /** Per group year of a city: waiting, with a referral, enrolled — small counts suppressed. */
  async open(portal: Portal, regionId: string): Promise<OpenQueueStatistics> {
    if (!portal.regionIds.includes(regionId)) throw new DomainError('NOT_FOUND', 'no such region on this portal');
    const asOf = this.clock.now();
    const answer = await this.analytics.read((manager) =>
      new StatisticsRepository(manager).byStatus({ portalId: portal.id, regionIds: [regionId] }),
    );
    const years = new Map<number, { waiting: number; referralIssued: number; enrolled: number }>();
    for (const r of answer.value) {
      const y = years.get(r.groupYear) ?? { waiting: 0, referralIssued: 0, enrolled: 0 };
      if (r.status === ApplicationStatus.IN_QUEUE || r.status === ApplicationStatus.NOTIFIED) y.waiting += r.n;
      if (r.status === ApplicationStatus.REFERRAL_ISSUED) y.referralIssued += r.n;
      if (r.status === ApplicationStatus.ENROLLED) y.enrolled += r.n;
      years.set(r.groupYear, y);
    }
    return {
      regionId,
      rows: [...years]
        .sort(([a], [b]) => b - a)
        .map(([groupYear, y]) => ({
          groupYear,
          waiting: openCount(y.waiting),
          referralIssued: openCount(y.referralIssued),
          enrolled: openCount(y.enrolled),
        })),
      asOf,
      source: answer.source,
      lagSeconds: answer.lagSeconds,
    };
  }
}
