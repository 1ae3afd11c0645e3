import { Principal, Role } from '@kezek/auth';
import { Portal } from '@kezek/portals';

/** The regions whose every application a person sees besides their own: all for admins, their scope for operators. */
export function overseenRegions(principal: Principal): string[] | 'all' {
  if (principal.roles.includes(Role.ADMIN)) return 'all';
  return principal.roles.includes(Role.DISTRICT_OPERATOR) ? (principal.scopes?.regionIds ?? []) : [];
}

/**
 * R9: only the applicant sees an application (a parent who attached it, too — with that issue);
 * operators see their regions, admins every region; everyone only through a portal that serves
 * the application's region.
 */
export function canSeeApplication(
  principal: Principal,
  portal: Portal,
  app: { applicantId: string; regionId: string },
): boolean {
  if (!portal.regionIds.includes(app.regionId)) return false;
  if (app.applicantId === principal.userId) return true;
  const overseen = overseenRegions(principal);
  return overseen === 'all' || overseen.includes(app.regionId);
}
