import { Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../application/models/application-status.enum';
import { canSeeApplication, isApplicant } from '../application/visibility.rules';

/** The signed action of R20 (Снять с очереди), as identity's XML names it. */
export const WITHDRAW_APPLICATION = 'queue.withdraw-application';

type WithdrawalTarget = { applicantIds: string[]; regionId: string; status: ApplicationStatus };

/**
 * R20: only an applicant (who filed it or attached it) withdraws, only while the application waits in the queue. An
 * application the caller cannot see is NOT_FOUND (numbers cannot be probed); one they may see
 * but did not file (an operator) is FORBIDDEN.
 */
export function assertWithdrawable<T extends WithdrawalTarget>(
  app: T | null,
  principal: Principal,
  portal: Portal,
): asserts app is T {
  if (!app || !canSeeApplication(principal, portal, app)) throw new DomainError('NOT_FOUND', 'no such application');
  if (!isApplicant(principal, app)) throw new DomainError('FORBIDDEN', 'only an applicant may withdraw an application');
  if (!IN_QUEUE_STATUSES.includes(app.status))
    throw new DomainError('INVALID_STATE', `cannot withdraw from ${app.status}`, { status: app.status });
}
