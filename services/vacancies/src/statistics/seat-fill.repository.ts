import { EntityManager } from 'typeorm';
import { SeatStatus } from '../seat/seat-lifecycle';
import { SeatCounts } from './seat-fill.rules';

export interface SeatFillKey {
  kindergartenId: string;
  kindergartenName: string;
  districtId: string;
  isState: boolean;
  groupYear: number;
}

const count = (status: SeatStatus) => `count(*) FILTER (WHERE status = '${status}')::int`;

/** The seat fill's SQL, run on whatever manager analytics gives (a replica's, normally). */
export class SeatFillRepository {
  constructor(private readonly db: EntityManager) {}

  /** Per kindergarten of the region and group year (its groups of every language together): capacity and seats by status. */
  async byKindergarten(regionId: string, groupYear?: number): Promise<Array<SeatFillKey & SeatCounts>> {
    return this.db.query(
      `SELECT k.id AS "kindergartenId", k.name_ru AS "kindergartenName", k.district_id AS "districtId",
              k.is_state AS "isState", g.group_year AS "groupYear", sum(g.capacity)::int AS capacity,
              sum(s.free)::int AS free, sum(s.held)::int AS held, sum(s.claimed)::int AS claimed,
              sum(s.enrolled)::int AS enrolled
         FROM vacancies.kindergarten k
         JOIN vacancies."group" g ON g.kindergarten_id = k.id
         CROSS JOIN LATERAL (
           SELECT ${count(SeatStatus.FREE)} AS free, ${count(SeatStatus.HELD)} AS held,
                  ${count(SeatStatus.CLAIMED)} AS claimed, ${count(SeatStatus.ENROLLED)} AS enrolled
             FROM vacancies.seat WHERE group_id = g.id) s
        WHERE k.region_id = $1 AND ($2::int IS NULL OR g.group_year = $2)
        GROUP BY k.id, g.group_year
        ORDER BY k.district_id, k.name_ru, k.id, g.group_year DESC`,
      [regionId, groupYear ?? null],
    );
  }
}
