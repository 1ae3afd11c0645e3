import { overseenRegions, Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { plainText } from '@kezek/validation';
import { z } from 'zod';
import { ACTIVE_STATUSES, ApplicationStatus } from './models/application-status.enum';
import { canSeeApplication } from './visibility.rules';

/** removeFromQueue's input: the reason is the history's "why" (R21), 3 to 500 characters. */
export const removalInput = z.object({
  applicationId: z.string().uuid(),
  reason: plainText(500).refine((s) => s.length >= 3, 'must have at least 3 characters'),
});

type RemovalTarget = { applicantIds: string[]; regionId: string; status: ApplicationStatus };

/**
 * An operator's removal from the queue: the region's DISTRICT_OPERATOR or an ADMIN removes an
 * application that still holds or awaits a seat (in the queue, notified, with a referral). An
 * application the caller cannot see is NOT_FOUND (as everywhere: ids are not probed), one they
 * see but do not oversee (its parent) FORBIDDEN; ENROLLED and WITHDRAWN are final (INVALID_STATE).
 * REMOVED passes: removing it again is a retry that changes nothing.
 */
export function assertRemovable<T extends RemovalTarget>(
  app: T | null,
  principal: Principal,
  portal: Portal,
): asserts app is T {
  if (!app || !canSeeApplication(principal, portal, app)) throw new DomainError('NOT_FOUND', 'no such application');
  const overseen = overseenRegions(principal);
  if (overseen !== 'all' && !overseen.includes(app.regionId))
    throw new DomainError('FORBIDDEN', "only the region's operators and ADMINs remove from the queue");
  if (app.status !== ApplicationStatus.REMOVED && !ACTIVE_STATUSES.includes(app.status))
    throw new DomainError('INVALID_STATE', `cannot remove from ${app.status}`, { status: app.status });
}

/** The history's action of an operator's removal (R21); R17's own is REMOVED_AFTER_EXPIRED_REFERRALS. */
export const REMOVED_BY_OPERATOR = 'REMOVED_BY_OPERATOR';

/** A referral closed because its child was removed from the queue (its seat is released as an expiry's is). */
export const REMOVED_FROM_QUEUE = 'REMOVED_FROM_QUEUE';
