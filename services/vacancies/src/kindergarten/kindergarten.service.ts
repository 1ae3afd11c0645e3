import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Group, Kindergarten, Language } from './kindergarten.entity';

export interface KindergartenSearch {
  regionIds: string[];
  districtId?: string;
  language?: Language;
  groupYear?: number;
  withFreeSeats?: boolean;
}

@Injectable()
export class KindergartenService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  search(q: KindergartenSearch): Promise<Kindergarten[]> {
    const qb = this.db.getRepository(Kindergarten).createQueryBuilder('k').where('k.region_id IN (:...regionIds)', { regionIds: q.regionIds });
    if (q.districtId) qb.andWhere('k.district_id = :districtId', { districtId: q.districtId });
    if (q.language || q.groupYear !== undefined || q.withFreeSeats) {
      const conditions = ['g.kindergarten_id = k.id'];
      if (q.language) conditions.push('g.language = :language');
      if (q.groupYear !== undefined) conditions.push('g.group_year = :groupYear');
      if (q.withFreeSeats) conditions.push('g.free_seats > 0');
      qb.andWhere(`EXISTS (SELECT 1 FROM "group" g WHERE ${conditions.join(' AND ')})`, { language: q.language, groupYear: q.groupYear });
    }
    return qb.orderBy('k.name_ru').addOrderBy('k.id').getMany();
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
