import { EntityManager } from 'typeorm';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { ReferralStatus } from '../referral/models/referral-status.enum';
import { StatisticsKey } from './statistics.rules';

export interface StatisticsScope {
  portalId: string;
  regionIds: string[];
  groupYear?: number;
}

type Row = StatisticsKey & Record<string, number | string | null>;

const KEY = `queue_area_id AS "areaId", group_year AS "groupYear", privilege`;

/** The statistics' SQL, run on whatever manager analytics gives (a replica's, normally). */
export class StatisticsRepository {
  constructor(private readonly db: EntityManager) {}

  /** Children per status, from the journal's tally (kept by triggers: no scan of the applications). */
  async byStatus(s: StatisticsScope): Promise<Array<StatisticsKey & { status: string; n: number }>> {
    return this.db.query(
      `SELECT ${KEY}, status, sum(n)::int AS n FROM application_tally
       WHERE portal_id = $1 AND region_id = ANY($2) AND ($3::int IS NULL OR group_year = $3)
       GROUP BY 1, 2, 3, 4`,
      [s.portalId, s.regionIds, s.groupYear ?? null],
    );
  }

  async onStopList(s: StatisticsScope, now: Date): Promise<Row[]> {
    return this.db.query(
      `SELECT ${KEY}, count(*)::int AS "onStopList" FROM application
       WHERE portal_id = $1 AND region_id = ANY($2) AND ($3::int IS NULL OR group_year = $3)
         AND status = '${ApplicationStatus.IN_QUEUE}' AND on_stop_list_until > $4
       GROUP BY 1, 2, 3`,
      [s.portalId, s.regionIds, s.groupYear ?? null, now],
    );
  }

  /** Offers by the children's queue and privilege: how many, how many lapsed, days from filing to the offer. */
  async offers(s: StatisticsScope): Promise<Row[]> {
    return this.db.query(
      `SELECT a.queue_area_id AS "areaId", a.group_year AS "groupYear", a.privilege,
              count(*)::int AS offers,
              count(*) FILTER (WHERE o.status = '${OfferStatus.LAPSED}')::int AS "offersLapsed",
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - a.created_at)) / 86400)::numeric, 1)::float AS "waitingDaysMedian",
              round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - a.created_at)) / 86400)::numeric, 1)::float AS "waitingDaysP90"
       FROM offer o JOIN application a ON a.id = o.application_id
       WHERE a.portal_id = $1 AND a.region_id = ANY($2) AND ($3::int IS NULL OR a.group_year = $3)
       GROUP BY 1, 2, 3`,
      [s.portalId, s.regionIds, s.groupYear ?? null],
    );
  }

  async referrals(s: StatisticsScope): Promise<Row[]> {
    return this.db.query(
      `SELECT a.queue_area_id AS "areaId", a.group_year AS "groupYear", a.privilege,
              count(*) FILTER (WHERE r.status = '${ReferralStatus.EXPIRED}')::int AS "referralsExpired",
              count(*) FILTER (WHERE r.status = '${ReferralStatus.REVOKED}')::int AS "referralsRevoked"
       FROM referral r JOIN application a ON a.id = r.application_id
       WHERE a.portal_id = $1 AND a.region_id = ANY($2) AND ($3::int IS NULL OR a.group_year = $3)
       GROUP BY 1, 2, 3`,
      [s.portalId, s.regionIds, s.groupYear ?? null],
    );
  }
}
