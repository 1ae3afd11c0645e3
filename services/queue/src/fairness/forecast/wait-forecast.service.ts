import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { forecastWait } from '@kezek/fairness';
import { Application } from '../../application/application.entity';
import { IN_QUEUE_STATUSES } from '../../application/models/application-status.enum';
import { PositionRepository } from '../../position/position.repository';
import { WaitForecast } from './models/wait-forecast.model';

/** Past cohorts the forecast learns from: the group years one, two and three years older. */
export const FORECAST_COHORTS = 3;
const WEEK_MS = 7 * 86_400_000;
const WEEKS_PER_YEAR = 52;

/**
 * When a queued child's turn may come (libs/fairness forecastWait): its children ahead (queue
 * number − 1) against the seats published in its queue area for the cohorts before it, each from
 * the week it was the child's age now up to today.
 */
@Injectable()
export class WaitForecastService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly positions: PositionRepository,
  ) {}

  async forecast(app: Application): Promise<WaitForecast | null> {
    if (!IN_QUEUE_STATUSES.includes(app.status)) return null;
    const position = (await this.positions.positionsOf([app.id])).get(app.id);
    if (!position) return null;
    const now = this.clock.now();
    const rows: Array<{ cohort: number; week: number; seats: number }> = await this.db.query(
      `SELECT $3::int - group_year AS cohort,
              floor(extract(epoch FROM received_at - ($4::timestamptz - make_interval(years => $3::int - group_year))) / 604800)::int AS week,
              sum(seats)::int AS seats
       FROM queue.seat_publication
       WHERE $1 = ANY(area_ids) AND group_year BETWEEN $3::int - $2::int AND $3::int - 1 AND received_at < $4
         AND received_at >= $4::timestamptz - make_interval(years => $3::int - group_year)
       GROUP BY 1, 2`,
      [app.queueAreaId, FORECAST_COHORTS, app.groupYear, now],
    );
    const cohorts = Array.from({ length: FORECAST_COHORTS }, (_, y) =>
      new Array<number>(WEEKS_PER_YEAR * (y + 1)).fill(0),
    );
    const known = new Set<number>();
    for (const r of rows)
      if (r.week < cohorts[r.cohort - 1].length) {
        cohorts[r.cohort - 1][r.week] += r.seats;
        known.add(r.cohort);
      }
    // A cohort without a single publication is one the service did not see (it is younger than
    // that), not one that got no seats: it is left out rather than counted as zeros.
    const seen = cohorts.filter((_, y) => known.has(y + 1));
    const ahead = position.queueNumber - 1;
    const f = forecastWait({ ahead, weeklySeatsByCohort: seen });
    const date = (weeks: number | null) => (weeks === null ? null : new Date(now.getTime() + weeks * WEEK_MS));
    return { childrenAhead: ahead, from: now, p50: date(f.p50Weeks), p90: date(f.p90Weeks), cohorts: seen.length };
  }
}
