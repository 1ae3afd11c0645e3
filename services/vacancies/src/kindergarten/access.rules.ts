import { Principal, Role } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';

/**
 * Who may change the registry and publish seats of a region: an ADMIN, or a DISTRICT_OPERATOR
 * whose token scopes include the region — and only through a portal that serves the region.
 */
export function assertCanManageRegion(principal: Principal, portal: Portal, regionId: string): void {
  assertPortalServes(portal, regionId);
  if (principal.roles.includes(Role.ADMIN)) return;
  if (principal.roles.includes(Role.DISTRICT_OPERATOR) && (principal.scopes?.regionIds ?? []).includes(regionId))
    return;
  // Refusals name the argument, never echo its value.
  throw new DomainError('FORBIDDEN', 'not an operator of this region', { field: 'regionId' });
}

/** Everyone sees a region only through a portal that serves it. */
export function assertPortalServes(portal: Portal, regionId: string): void {
  if (!portal.regionIds.includes(regionId))
    throw new DomainError('FORBIDDEN', `the region is not served by portal ${portal.id}`, { field: 'regionId' });
}

/** The kindergarten a staff member works in (staff belong to one; the token scopes name it). */
export function staffKindergartenId(principal: Principal): string | undefined {
  return principal.roles.includes(Role.KINDERGARTEN_STAFF) ? principal.scopes?.kindergartenIds?.[0] : undefined;
}
