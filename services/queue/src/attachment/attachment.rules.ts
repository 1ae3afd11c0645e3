import { Principal, Role } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { isApplicant } from '../application/visibility.rules';

/** R9's signed action: a parent attaches a child's application to their own IIN, as identity's XML names it. */
export const ATTACH_APPLICATION = 'queue.attach-application';

type AttachmentTarget = { portalId: string; childIin: string; applicantIds: string[] };

/**
 * R9: a parent (APPLICANT) attaches an application of the calling portal, found by its number and
 * the child's IIN together; a pair that does not match is NOT_FOUND, so neither can be probed.
 * The caller must not be one of its applicants already. Whether the caller is the child's
 * parent is the civil registry's answer (assertParent).
 */
export function assertAttachable<T extends AttachmentTarget>(
  app: T | null,
  principal: Principal,
  portal: Portal,
  childIin: string,
): asserts app is T {
  if (!principal.roles.includes(Role.APPLICANT))
    throw new DomainError('FORBIDDEN', 'only a parent may attach an application');
  if (!app || app.portalId !== portal.id || app.childIin !== childIin)
    throw new DomainError('NOT_FOUND', 'no such application');
  if (isApplicant(principal, app)) throw new DomainError('ALREADY_AN_APPLICANT', 'the caller is an applicant already');
}

/** R9: the civil registry must list the signer as the child's parent. */
export function assertParent(listedAsParent: boolean): void {
  if (!listedAsParent)
    throw new DomainError('NOT_A_PARENT', "the civil registry does not list the caller as the child's parent");
}
