import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { preparedQuery } from '@kezek/database';
import { ChoosableGroup, ChoosableGroupsRequest, GroupFacts } from '@kezek/vacancies-api';
import { freeChoiceAt } from '../seat/seat.repository';

/**
 * The groups of an area's state kindergartens (a region's, or a district's: the area of
 * SeatRepository.holdFreeSeats) and group year with a FREE seat that is free choice at `now` (not
 * awaiting its round) or one HELD for the round.
 * Index-backed: kindergarten_region_district_idx or kindergarten_state_district_idx for the area,
 * group_kindergarten_year_idx for its groups, seat_group_idx for their seats.
 */
export function choosableGroupsStatement(o: ChoosableGroupsRequest, now: Date): [string, unknown[]] {
  return [
    `SELECT g.id AS "groupId",
            count(*) FILTER (WHERE s.status = 'FREE')::int AS "freeSeats",
            count(*) FILTER (WHERE s.status = 'HELD')::int AS "heldSeats"
       FROM kindergarten k
       JOIN "group" g ON g.kindergarten_id = k.id AND g.group_year = $2
       JOIN seat s ON s.group_id = g.id AND ((${freeChoiceAt('$4', 's.')}) OR (s.status = 'HELD' AND s.offer_round_id = $3))
      WHERE k.is_state AND (k.region_id = $1 OR k.district_id = $1)
      GROUP BY g.id, k.id
      ORDER BY k.name_ru, k.id, g.language, g.id`,
    [o.areaId, o.groupYear, o.offerRoundId ?? null, now],
  ];
}

interface GroupRow {
  id: string;
  groupYear: number;
  language: GroupFacts['language'];
  capacity: number;
  freeSeats: number;
  kindergartenId: string;
  nameKk: string;
  nameRu: string;
  address: string;
  phone: string | null;
  lat: number;
  lng: number;
  regionId: string;
  districtId: string;
  isState: boolean;
}

/** The SQL of the internal groups API (@kezek/vacancies-api GroupsApi). */
@Injectable()
export class GroupRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The groups among `ids` with their kindergartens and free seats (counted from the seat rows:
   * those free choice may take now, so not those awaiting their round).
   */
  async find(ids: string[]): Promise<GroupFacts[]> {
    // A choice asks for one group: by equality PostgreSQL keeps the prepared statement's generic plan,
    // where with an array it plans every call again (0.4 ms of its CPU a call in a release-day race).
    const one = ids.length === 1;
    const rows = await preparedQuery<GroupRow>(
      this.db,
      `SELECT g.id, g.group_year AS "groupYear", g.language, g.capacity,
              (SELECT count(*)::int FROM seat s WHERE s.group_id = g.id AND ${freeChoiceAt('$2', 's.')}) AS "freeSeats",
              k.id AS "kindergartenId", k.name_kk AS "nameKk", k.name_ru AS "nameRu", k.address, k.phone, k.lat, k.lng,
              k.region_id AS "regionId", k.district_id AS "districtId", k.is_state AS "isState"
         FROM "group" g JOIN kindergarten k ON k.id = g.kindergarten_id
        WHERE ${one ? 'g.id = $1::uuid' : 'g.id = ANY($1::uuid[])'}
        ORDER BY g.id`,
      [one ? ids[0] : ids, this.clock.now()],
    );
    return rows.map((r) => ({
      id: r.id,
      groupYear: r.groupYear,
      language: r.language,
      capacity: r.capacity,
      freeSeats: r.freeSeats,
      kindergarten: {
        id: r.kindergartenId,
        nameKk: r.nameKk,
        nameRu: r.nameRu,
        address: r.address,
        phone: r.phone,
        location: { lat: r.lat, lng: r.lng },
        regionId: r.regionId,
        districtId: r.districtId,
        isState: r.isState,
      },
    }));
  }

  choosable(o: ChoosableGroupsRequest): Promise<ChoosableGroup[]> {
    return this.db.query(...choosableGroupsStatement(o, this.clock.now()));
  }
}
