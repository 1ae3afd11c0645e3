import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Principal, Role } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError, isDomainError } from '@kezek/errors';
import { KindergartenArea, VacanciesApiClient } from '@kezek/vacancies-api';
import { pgError, UNIQUE_VIOLATION } from '@kezek/database';
import { validateInput } from '@kezek/validation';
import { assertMayChangeStaffGrant, assertMayStaffKindergartens, kindergartensToPlace, mayGrant } from './access.rules';
import { RoleGrant } from './role-grant.entity';
import { grantAudit, RoleGrantAudit } from './role-grant-audit.entity';
import { grantInput } from './role-grant.schema';

const sameIds = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
/** Whether the grant is no longer the one (or no longer has the kindergartens) the access checks saw before the transaction. */
const changedSince = (checked: RoleGrant | null, now: RoleGrant | null) =>
  checked?.id !== now?.id ||
  (checked !== null && now !== null && !sameIds(checked.kindergartenIds, now.kindergartenIds));
const changedWhileChecked = () =>
  new DomainError('CONFLICT', 'the grant changed while its kindergartens were being checked: try again');

@Injectable()
export class RoleGrantService {
  private readonly logger = new Logger('RoleGrant');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly vacancies: VacanciesApiClient,
  ) {}

  liveGrants(iin: string, db: EntityManager = this.db.manager): Promise<RoleGrant[]> {
    return db.getRepository(RoleGrant).findBy({ iin, revokedAt: IsNull() });
  }

  /**
   * Grants a role, or changes the scopes of the live grant of that person, organisation and role.
   * Granting what is already granted changes nothing and writes no audit entry (a retry is safe).
   * Staff kindergartens (the new ones and, for a district operator, those of the live grant they
   * replace) are placed by vacancies' registry first, outside the transaction (no lock is held
   * while it answers); the transaction refuses (CONFLICT) if the live grant changed meanwhile.
   */
  grant(actor: Principal, raw: unknown): Promise<RoleGrant> {
    return this.logRefusal(actor, 'grantRole', async () => {
      const input = validateInput(grantInput, raw);
      if (!mayGrant(actor, input.role)) throw new DomainError('FORBIDDEN', `may not grant ${input.role}`);
      const where = { iin: input.iin, bin: input.bin ?? IsNull(), role: input.role, revokedAt: IsNull() };
      let checked: RoleGrant | null | undefined; // the live grant as the staff checks saw it
      if (input.role === Role.KINDERGARTEN_STAFF) {
        checked = await this.db.getRepository(RoleGrant).findOneBy(where);
        const registered = await this.registered([
          ...input.kindergartenIds,
          ...(checked ? kindergartensToPlace(actor, checked) : []),
        ]);
        assertMayStaffKindergartens(actor, input.kindergartenIds, registered);
        if (checked) assertMayChangeStaffGrant(actor, checked.kindergartenIds, registered);
      }
      return this.db
        .transaction(async (tx) => {
          const repo = tx.getRepository(RoleGrant);
          const live = await repo.findOne({ where, lock: { mode: 'pessimistic_write' } });
          // Two first grants at once: the loser finds no row to lock and meets the unique index below.
          if (checked !== undefined && changedSince(checked, live)) throw changedWhileChecked();
          if (live && sameIds(live.kindergartenIds, input.kindergartenIds) && sameIds(live.regionIds, input.regionIds))
            return live;
          const now = this.clock.now();
          const saved = await repo.save({
            ...(live ?? {}),
            ...input,
            grantedBy: actor.userId,
            grantedAt: now,
            revokedAt: null,
            revokedBy: null,
          });
          await this.audit(tx, saved, 'GRANT', actor, input.reason);
          return saved;
        })
        .catch((e: unknown) => {
          const { code, constraint } = pgError(e);
          if (code === UNIQUE_VIOLATION && constraint === 'role_grant_live_uq') throw changedWhileChecked();
          throw e;
        });
    });
  }

  /**
   * Revokes a grant; revoking a revoked grant returns it unchanged. A district operator's staff
   * grant is placed by vacancies' registry first, outside the transaction, like `grant`'s.
   */
  revoke(actor: Principal, grantId: string, reason: string): Promise<RoleGrant> {
    return this.logRefusal(actor, 'revokeRole', async () => {
      const checked = await this.db.getRepository(RoleGrant).findOneBy({ id: grantId });
      if (!checked) throw new DomainError('NOT_FOUND', 'no such grant');
      if (!mayGrant(actor, checked.role)) throw new DomainError('FORBIDDEN', `may not revoke ${checked.role}`);
      if (checked.role === Role.KINDERGARTEN_STAFF)
        assertMayChangeStaffGrant(
          actor,
          checked.kindergartenIds,
          await this.registered(kindergartensToPlace(actor, checked)),
        );
      return this.db.transaction(async (tx) => {
        const repo = tx.getRepository(RoleGrant);
        const grant = await repo.findOne({ where: { id: grantId }, lock: { mode: 'pessimistic_write' } });
        if (!grant) throw new DomainError('NOT_FOUND', 'no such grant');
        if (changedSince(checked, grant)) throw changedWhileChecked();
        if (grant.revokedAt) return grant;
        const revoked = await repo.save({ ...grant, revokedAt: this.clock.now(), revokedBy: actor.userId });
        await this.audit(tx, revoked, 'REVOKE', actor, reason);
        return revoked;
      });
    });
  }

  /**
   * The grants an actor may see, newest first: an ADMIN every grant; a district operator the staff
   * grants whose kindergartens all lie in the operator's regions (as vacancies' registry places
   * them) — the grants they may change. Revoked ones only when asked for.
   */
  async list(actor: Principal, filter: { role?: Role; includeRevoked: boolean }): Promise<RoleGrant[]> {
    const admin = actor.roles.includes(Role.ADMIN);
    if (!admin && filter.role && filter.role !== Role.KINDERGARTEN_STAFF) return [];
    const grants = await this.db.getRepository(RoleGrant).find({
      where: {
        ...(admin ? (filter.role ? { role: filter.role } : {}) : { role: Role.KINDERGARTEN_STAFF }),
        ...(filter.includeRevoked ? {} : { revokedAt: IsNull() }),
      },
      order: { grantedAt: 'DESC', id: 'ASC' },
      take: 1000,
    });
    if (admin) return grants;
    const registered = await this.registered([...new Set(grants.flatMap((g) => g.kindergartenIds))]);
    return grants.filter((g) => {
      try {
        assertMayChangeStaffGrant(actor, g.kindergartenIds, registered);
        return true;
      } catch {
        return false;
      }
    });
  }

  /** Every grant's audit trail, oldest first (batched per request). */
  async changes(grantIds: readonly string[]): Promise<RoleGrantAudit[]> {
    return this.db.getRepository(RoleGrantAudit).find({ where: { grantId: In([...grantIds]) }, order: { id: 'ASC' } });
  }

  /**
   * Where vacancies' registry places these kindergartens. Without its answer nothing is granted
   * (fail closed): SERVICE_UNAVAILABLE, whatever went wrong (no answer, a 5xx, a refused token).
   */
  private async registered(ids: string[]): Promise<KindergartenArea[]> {
    try {
      return await this.vacancies.lookupKindergartens(ids);
    } catch (e) {
      const reason = isDomainError(e)
        ? `vacancies internal API refused the call (${e.code}: ${e.message})`
        : (e as Error).message;
      this.logger.error(`kindergarten lookup failed: ${reason}`);
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'the kindergarten registry (vacancies) did not answer: the kindergartens cannot be checked',
        { service: 'vacancies' },
      );
    }
  }

  private async audit(
    tx: EntityManager,
    grant: RoleGrant,
    action: RoleGrantAudit['action'],
    actor: Principal,
    reason: string,
  ): Promise<void> {
    await tx.getRepository(RoleGrantAudit).insert(grantAudit(grant, action, actor.userId, this.clock.now(), reason));
  }

  /** Refusals are logged with the actor and the code, never the person's IIN. */
  private async logRefusal<T>(actor: Principal, operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isDomainError(e))
        this.logger.warn(`${operation} refused (${e.code}) for actor ${actor.userId}: ${e.message}`);
      throw e;
    }
  }
}
