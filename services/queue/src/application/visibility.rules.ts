import { overseenAmong, overseenRegions, Principal } from '@kezek/auth';
import { Portal } from '@kezek/portals';

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
  const whole = overseenAmong(principal, portal.regionIds);
  return {
    wholeRegionIds: whole,
    ownOnlyRegionIds: portal.regionIds.filter((r) => !whole.includes(r)),
    userId: principal.userId,
  };
}
export type JournalScope = ReturnType<typeof journalScope>;
