import { Principal, Role } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import type { KindergartenArea } from '@kezek/vacancies-api';

export type GrantScope = { role: Role; bin: string | null; kindergartenIds: string[]; regionIds: string[] };
export type SessionAccess = Pick<Principal, 'roles' | 'scopes'>;

const union = (lists: string[][]) => {
  const all = [...new Set(lists.flat())].sort();
  return all.length > 0 ? all : undefined;
};

/**
 * Roles and scopes of a session. A person's own certificate (no BIN) is always an applicant
 * (anyone may be a parent) plus the grants given to the person alone. An employee's certificate
 * carries only the grants for that organisation, and with none it does not sign in at all (null).
 */
export function sessionAccess(grants: readonly GrantScope[], bin: string | null): SessionAccess | null {
  const held = grants.filter((g) => g.bin === bin);
  if (bin !== null && held.length === 0) return null;
  const roles = [...new Set([...(bin === null ? [Role.APPLICANT] : []), ...held.map((g) => g.role)])];
  const kindergartenIds = union(held.map((g) => g.kindergartenIds));
  const regionIds = union(held.map((g) => g.regionIds));
  return {
    roles,
    scopes:
      kindergartenIds || regionIds
        ? { ...(kindergartenIds && { kindergartenIds }), ...(regionIds && { regionIds }) }
        : undefined,
  };
}

/**
 * Who may grant (and revoke) what: an admin any role; a district operator staff of kindergartens
 * (only of kindergartens in the operator's regions: `assertMayStaffKindergartens`; and changing an
 * existing staff grant only when all its kindergartens are there: `assertMayChangeStaffGrant`).
 */
export function mayGrant(actor: Pick<Principal, 'roles'>, role: Role): boolean {
  if (actor.roles.includes(Role.ADMIN)) return true;
  return role === Role.KINDERGARTEN_STAFF && actor.roles.includes(Role.DISTRICT_OPERATOR);
}

/**
 * Whether `actor` may give staff roles in the kindergartens `ids`, placed by `registered` (what
 * vacancies' registry answered for them): every id must be a registered kindergarten
 * (VALIDATION_FAILED naming the others), and a district operator may name only kindergartens of
 * their own regions (FORBIDDEN); an admin any registered one.
 */
export function assertMayStaffKindergartens(
  actor: Pick<Principal, 'roles' | 'scopes'>,
  ids: readonly string[],
  registered: readonly KindergartenArea[],
): void {
  const regionOf = new Map(registered.map((k) => [k.id, k.regionId]));
  const unknown = ids.filter((id) => !regionOf.has(id));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `no such kindergarten in the registry: ${unknown.join(', ')}`, {
      fields: unknown.map((id) => ({ field: 'kindergartenIds', problem: `no kindergarten ${id} in the registry` })),
    });
  }
  const outside = outsideRegions(actor, ids, regionOf);
  if (outside.length > 0) {
    throw new DomainError(
      'FORBIDDEN',
      `kindergartens outside your regions: ${outside.map((id) => `${id} (${regionOf.get(id)})`).join(', ')}`,
      { kindergartenIds: outside },
    );
  }
}

/**
 * The kindergartens of an existing grant that vacancies' registry must place before `actor` may
 * change it (revoke it, or replace its kindergartens): all of a staff grant's for a district
 * operator, none for an admin (who may change any grant) or for a grant of another role (which
 * only an admin may change: `mayGrant`).
 */
export function kindergartensToPlace(
  actor: Pick<Principal, 'roles'>,
  grant: Pick<GrantScope, 'role' | 'kindergartenIds'>,
): string[] {
  return grant.role === Role.KINDERGARTEN_STAFF && !actor.roles.includes(Role.ADMIN) ? [...grant.kindergartenIds] : [];
}

/**
 * Whether `actor` may change (revoke, or replace the kindergartens of) an existing staff grant of
 * the kindergartens `ids`, placed by `registered`: a district operator only when every one of them
 * lies in the operator's regions (FORBIDDEN naming the others; a kindergarten the registry no
 * longer knows lies in no region of theirs); an admin any grant.
 */
export function assertMayChangeStaffGrant(
  actor: Pick<Principal, 'roles' | 'scopes'>,
  ids: readonly string[],
  registered: readonly KindergartenArea[],
): void {
  const regionOf = new Map(registered.map((k) => [k.id, k.regionId]));
  const outside = outsideRegions(actor, ids, regionOf);
  if (outside.length > 0) {
    const where = (id: string) => `${id} (${regionOf.get(id) ?? 'not in the registry'})`;
    throw new DomainError(
      'FORBIDDEN',
      `the grant has kindergartens outside your regions: ${outside.map(where).join(', ')}`,
      { kindergartenIds: outside },
    );
  }
}

/** Those of `ids` that `actor` may not act on: none for an admin, those outside the regions of a district operator, all for anyone else. */
function outsideRegions(
  actor: Pick<Principal, 'roles' | 'scopes'>,
  ids: readonly string[],
  regionOf: ReadonlyMap<string, string>,
): string[] {
  if (actor.roles.includes(Role.ADMIN)) return [];
  const own = new Set(actor.roles.includes(Role.DISTRICT_OPERATOR) ? (actor.scopes?.regionIds ?? []) : []);
  return ids.filter((id) => {
    const region = regionOf.get(id);
    return region === undefined || !own.has(region);
  });
}
