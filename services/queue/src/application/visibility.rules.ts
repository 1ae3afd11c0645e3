import { Principal, Role } from '@kezek/auth';
import { Portal } from '@kezek/portals';

/** The regions whose every application a person sees besides their own: all for admins, their scope for operators. */
export function overseenRegions(principal: Principal): string[] | 'all' {
  if (principal.roles.includes(Role.ADMIN)) return 'all';
  return principal.roles.includes(Role.DISTRICT_OPERATOR) ? (principal.scopes?.regionIds ?? []) : [];
}

/**
 * R9: only its applicants see an application (who filed it and every parent who attached it);
 * operators see their regions, admins every region; everyone only through a portal that serves
 * the application's region.
 */
export function canSeeApplication(
  principal: Principal,
  portal: Portal,
  app: { applicantIds: string[]; regionId: string },
): boolean {
  if (!portal.regionIds.includes(app.regionId)) return false;
  if (isApplicant(principal, app)) return true;
  const overseen = overseenRegions(principal);
  return overseen === 'all' || overseen.includes(app.regionId);
}

/** R9: the filer and the parents who attached the application act on it. */
export const isApplicant = (principal: Principal, app: { applicantIds: string[] }) =>
  app.applicantIds.includes(principal.userId);

/**
 * canSeeApplication for a whole journal, split so SQL can walk one index per case: the portal's
 * regions the caller oversees are seen whole; in the others only the caller's own applications.
 */
export function journalScope(principal: Principal, portal: Portal) {
  const overseen = overseenRegions(principal);
  const whole = overseen === 'all' ? portal.regionIds : portal.regionIds.filter((r) => overseen.includes(r));
  return {
    wholeRegionIds: whole,
    ownOnlyRegionIds: portal.regionIds.filter((r) => !whole.includes(r)),
    userId: principal.userId,
  };
}
export type JournalScope = ReturnType<typeof journalScope>;
