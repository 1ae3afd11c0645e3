import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { CHECK_VIOLATION, FOREIGN_KEY_VIOLATION, pgError, UNIQUE_VIOLATION } from '@kezek/database';
import { assertCanManageRegion } from './access.rules';
import { Group } from '../group/group.entity';
import { Kindergarten } from './kindergarten.entity';
import { GroupFields, GroupPatch, KindergartenFields, KindergartenPatch } from './registry.schema';

/** Turns what the database refused (the last line of defence) into the caller's refusal. */
export function registryRefusal(e: unknown): never {
  const { code, constraint } = pgError(e);
  if (code === UNIQUE_VIOLATION && constraint === 'kindergarten_identity_uq') {
    throw new DomainError(
      'VALIDATION_FAILED',
      'a kindergarten with this name and address is already registered in the region',
      { fields: [{ field: 'nameRu', problem: 'already registered' }] },
    );
  }
  if (code === FOREIGN_KEY_VIOLATION && constraint === 'kindergarten_district_in_region_fk') {
    throw new DomainError('VALIDATION_FAILED', 'the district is not in the region', {
      fields: [{ field: 'districtId', problem: 'not in the region' }],
    });
  }
  if (code === CHECK_VIOLATION && constraint === 'seat_capacity') {
    throw new DomainError('VALIDATION_FAILED', 'capacity is below the seats already published', {
      fields: [{ field: 'capacity', problem: 'below the published seats' }],
    });
  }
  throw e;
}

export function kindergartenRow(f: KindergartenFields | KindergartenPatch): Partial<Kindergarten> {
  const { location, ...rest } = f;
  return { ...rest, ...(location ? { lat: location.lat, lng: location.lng } : {}) } as Partial<Kindergarten>;
}

@Injectable()
export class RegistryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createKindergarten(principal: Principal, portal: Portal, input: KindergartenFields): Promise<Kindergarten> {
    assertCanManageRegion(principal, portal, input.regionId);
    const kindergartens = this.db.getRepository(Kindergarten);
    return kindergartens.save(kindergartens.create(kindergartenRow(input))).catch(registryRefusal);
  }

  async updateKindergarten(
    principal: Principal,
    portal: Portal,
    id: string,
    patch: KindergartenPatch,
  ): Promise<Kindergarten> {
    return this.db
      .transaction(async (tx) => {
        const current = await tx
          .getRepository(Kindergarten)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!current) throw new DomainError('NOT_FOUND', `kindergarten ${id} not found`);
        assertCanManageRegion(principal, portal, current.regionId);
        await tx.getRepository(Kindergarten).update(id, kindergartenRow(patch));
        return tx.getRepository(Kindergarten).findOneByOrFail({ id });
      })
      .catch(registryRefusal);
  }

  async createGroup(principal: Principal, portal: Portal, input: GroupFields): Promise<Group> {
    return this.db
      .transaction(async (tx) => {
        const kindergarten = await tx.getRepository(Kindergarten).findOneBy({ id: input.kindergartenId });
        if (!kindergarten) throw new DomainError('NOT_FOUND', `kindergarten ${input.kindergartenId} not found`);
        assertCanManageRegion(principal, portal, kindergarten.regionId);
        return tx.getRepository(Group).save(tx.getRepository(Group).create(input));
      })
      .catch(registryRefusal);
  }

  async updateGroup(principal: Principal, portal: Portal, id: string, patch: GroupPatch): Promise<Group> {
    return this.db
      .transaction(async (tx) => {
        const group = await tx.getRepository(Group).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!group) throw new DomainError('NOT_FOUND', `group ${id} not found`);
        const kindergarten = await tx.getRepository(Kindergarten).findOneByOrFail({ id: group.kindergartenId });
        assertCanManageRegion(principal, portal, kindergarten.regionId);
        await tx.getRepository(Group).update(id, patch);
        return tx.getRepository(Group).findOneByOrFail({ id });
      })
      .catch(registryRefusal);
  }
}
