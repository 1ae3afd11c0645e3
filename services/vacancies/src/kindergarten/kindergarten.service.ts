import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '@kezek/clock';
import { Group } from '../group/group.entity';
import { freeChoiceAt } from '../seat/seat.repository';
import { Kindergarten } from './kindergarten.entity';
import { Language } from '@kezek/subgraph';

export interface KindergartenSearch {
  regionIds: string[];
  districtId?: string;
  language?: Language;
  groupYear?: number;
  withFreeSeats?: boolean;
  near?: { lat: number; lng: number };
  radiusKm?: number;
}

// Points are earthdistance's `earth` cubes; `ll_to_earth(k.lat, k.lng)` is the expression of
// the GiST index kindergarten_earth_idx, so the radius box is answered from the index.
const HERE = 'll_to_earth(k.lat, k.lng)';
const NEAR = 'll_to_earth(:lat, :lng)';

@Injectable()
export class KindergartenService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Filters of one search, as SQL; the benchmark and tests EXPLAIN the same query. */
  searchQuery(q: KindergartenSearch) {
    const qb = this.db
      .getRepository(Kindergarten)
      .createQueryBuilder('k')
      .where('k.region_id IN (:...regionIds)', { regionIds: q.regionIds });
    if (q.districtId) qb.andWhere('k.district_id = :districtId', { districtId: q.districtId });
    if (q.language || q.groupYear !== undefined || q.withFreeSeats) {
      // One group must match every group filter at once (a free seat in that year and language).
      const conditions = ['g.kindergarten_id = k.id'];
      if (q.language) conditions.push('g.language = :language');
      if (q.groupYear !== undefined) conditions.push('g.group_year = :groupYear');
      // A free seat free choice may take: not one awaiting its offer round.
      if (q.withFreeSeats)
        conditions.push(`EXISTS (SELECT 1 FROM seat s WHERE s.group_id = g.id AND ${freeChoiceAt(':now', 's.')})`);
      qb.andWhere(`EXISTS (SELECT 1 FROM "group" g WHERE ${conditions.join(' AND ')})`, {
        language: q.language,
        groupYear: q.groupYear,
        ...(q.withFreeSeats ? { now: this.clock.now() } : {}),
      });
    }
    if (!q.near) return qb.orderBy('k.name_ru').addOrderBy('k.id');
    qb.setParameters({ lat: q.near.lat, lng: q.near.lng })
      .addSelect(`earth_distance(${HERE}, ${NEAR}) / 1000`, 'distance_km')
      .orderBy(`earth_distance(${HERE}, ${NEAR})`)
      .addOrderBy('k.id');
    if (q.radiusKm !== undefined) {
      qb.andWhere(`earth_box(${NEAR}, :radiusM) @> ${HERE}`).andWhere(`earth_distance(${HERE}, ${NEAR}) <= :radiusM`, {
        radiusM: q.radiusKm * 1000,
      });
    }
    return qb;
  }

  /** Nearest first when a point is given (with `distanceKm`), else by name. */
  async search(q: KindergartenSearch): Promise<Kindergarten[]> {
    const qb = this.searchQuery(q);
    if (!q.near) return qb.getMany();
    const { entities, raw } = await qb.getRawAndEntities<{ k_id: string; distance_km: number }>();
    const distance = new Map(raw.map((r) => [r.k_id, Math.round(Number(r.distance_km) * 1000) / 1000]));
    return entities.map((k) => Object.assign(k, { distanceKm: distance.get(k.id) }));
  }

  findKindergartens(ids: string[]): Promise<Kindergarten[]> {
    return this.db.getRepository(Kindergarten).findBy({ id: In(ids) });
  }

  findGroups(ids: string[]): Promise<Group[]> {
    return this.db.getRepository(Group).findBy({ id: In(ids) });
  }

  groupsOf(kindergartenIds: string[]): Promise<Group[]> {
    return this.db.getRepository(Group).find({
      where: { kindergartenId: In(kindergartenIds) },
      order: { groupYear: 'ASC', language: 'ASC' },
    });
  }
}
