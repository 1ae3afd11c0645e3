import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { AnalyticsReader } from '@kezek/database';
import { Portal } from '@kezek/portals';
import { analyticsReport, assertOverseesRegion } from '@kezek/statistics';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryRatesRepository, DeliveryRatesScope } from './delivery-rates.repository';
import { reachedRate } from './delivery-rates.rules';
import { DeliveryRateRow, NotificationDeliveryRates } from './models/delivery-rates.model';

const COLUMNS = [
  'kind',
  'channel',
  'notices',
  'queued',
  'sent',
  'delivered',
  'failed',
  'reachedRate',
  'medianSecondsToReach',
] as const;

/** Delivery rates for operators (their regions; ADMINs every region of the portal), on the read replica. */
@Injectable()
export class DeliveryRatesService {
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
    scope: DeliveryRatesScope,
  ): Promise<NotificationDeliveryRates> {
    assertOverseesRegion(principal, portal, scope.regionId);
    const asOf = this.clock.now();
    const answer = await this.analytics.read(async (manager): Promise<DeliveryRateRow[]> => {
      const rows = await new DeliveryRatesRepository(manager).byChannelAndKind(scope);
      return rows.map((r) => ({ ...r, channel: r.channel as Channel, reachedRate: reachedRate(r) }));
    });
    return { ...analyticsReport(answer, asOf, COLUMNS), from: scope.from, to: scope.to };
  }
}
