import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { AnalyticsReader } from '@kezek/database';
import { Portal } from '@kezek/portals';
import { analyticsReport, assertOverseesRegion } from '@kezek/statistics';
import { SeatFill, SeatFillRow } from './models/seat-fill.model';
import { SeatFillRepository } from './seat-fill.repository';
import { seatFill } from './seat-fill.rules';

const COLUMNS = [
  'kindergartenId',
  'kindergartenName',
  'districtId',
  'isState',
  'groupYear',
  'capacity',
  'occupied',
  'enrolled',
  'claimed',
  'held',
  'free',
  'fillRatio',
] as const;

/** Seat fill for operators (their regions; ADMINs every region of the portal), on the read replica. */
@Injectable()
export class SeatFillService {
  private readonly analytics: AnalyticsReader;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly clock: Clock,
  ) {
    this.analytics = new AnalyticsReader(db);
  }

  async forOperator(principal: Principal, portal: Portal, regionId: string, groupYear?: number): Promise<SeatFill> {
    assertOverseesRegion(principal, portal, regionId);
    const asOf = this.clock.now();
    const answer = await this.analytics.read(async (manager): Promise<SeatFillRow[]> => {
      const rows = await new SeatFillRepository(manager).byKindergarten(regionId, groupYear);
      return rows.map((r) => ({ ...r, ...seatFill(r) }));
    });
    return analyticsReport(answer, asOf, COLUMNS);
  }
}
