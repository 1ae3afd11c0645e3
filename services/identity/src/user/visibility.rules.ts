import { Principal, Role } from '@kezek/auth';

/**
 * R9 for a person's record (IIN, name, contacts, roles): a person sees themself; district
 * operators and admins see the applicants of the applications they oversee, and identity, which
 * does not hold applications, lets them see any person (queue decides which applications they
 * reach, and the graph reaches a person only through an application or the person's own session).
 * Kindergarten staff and other applicants see nobody else.
 */
export function canSeeUser(principal: Pick<Principal, 'userId' | 'roles'>, userId: string): boolean {
  if (principal.userId === userId) return true;
  return principal.roles.includes(Role.ADMIN) || principal.roles.includes(Role.DISTRICT_OPERATOR);
}
