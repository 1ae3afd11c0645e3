import { EntityManager } from 'typeorm';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { DeliveryCounts } from './delivery-rates.rules';

export interface DeliveryRatesScope {
  regionId: string;
  from: Date;
  to: Date;
}

const count = (status: DeliveryStatus) => `count(*) FILTER (WHERE status = '${status}')::int`;

/** The delivery rates' SQL, run on whatever manager analytics gives (a replica's, normally). */
export class DeliveryRatesRepository {
  constructor(private readonly db: EntityManager) {}

  /** Notices of the region written in [from, to) per channel and kind: by status, and the median time to reach. */
  async byChannelAndKind(
    s: DeliveryRatesScope,
  ): Promise<
    Array<DeliveryCounts & { channel: string; kind: string; notices: number; medianSecondsToReach: number | null }>
  > {
    return this.db.query(
      `SELECT channel, kind, count(*)::int AS notices,
              ${count(DeliveryStatus.QUEUED)} AS queued, ${count(DeliveryStatus.SENT)} AS sent,
              ${count(DeliveryStatus.DELIVERED)} AS delivered, ${count(DeliveryStatus.FAILED)} AS failed,
              round(percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM COALESCE(delivered_at, sent_at) - created_at)
              )::numeric, 1)::float AS "medianSecondsToReach"
         FROM notifications.notification
        WHERE region_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY channel, kind
        ORDER BY kind, channel`,
      [s.regionId, s.from, s.to],
    );
  }
}
