import { Principal, Role } from '@kezek/auth';
import { Portal } from '@kezek/portals';

/** The regions whose notices a person oversees through this portal: admins all of the portal's, operators their scope. */
export function overseenRegions(principal: Principal, portal: Portal): string[] {
  if (principal.roles.includes(Role.ADMIN)) return portal.regionIds;
  if (!principal.roles.includes(Role.DISTRICT_OPERATOR)) return [];
  const scope = principal.scopes?.regionIds ?? [];
  return portal.regionIds.filter((r) => scope.includes(r));
}
