import { z } from 'zod';
import { addCalendarDays, endOfAlmatyDay, isCalendarDate } from '@kezek/calendar';
import { almatyDate } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { PortalPolicy } from '@kezek/policy';
import { ReferralStatus } from './models/referral-status.enum';
import { changeReason } from './referral.rules';

/** The signed action of R14 (Продлить направление), as identity's XML names it. */
export const EXTEND_REFERRAL = 'queue.extend-referral';

/** prepareReferralExtension's input, checked again when the signed action is performed. */
export const extensionInput = z.object({
  referralId: z.string().uuid(),
  until: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD'),
  reason: changeReason,
});

type ExtensionTarget = { status: ReferralStatus; expiresAt: Date; originalExpiresAt: Date; extensions: number };

/**
 * R14: the new expiry of a referral extended to `until` (an Almaty date): the end of that day.
 * The referral must still be valid and extended fewer times than the policy allows; `until`
 * must be after the current expiry's date and at most the policy's calendar days after the
 * original expiry's date — the seeds count the extension in dates ("Дата продления").
 */
export function extendedExpiry(referral: ExtensionTarget, until: string, now: Date, policy: PortalPolicy): Date {
  const expired =
    referral.status === ReferralStatus.EXPIRED ||
    (referral.status === ReferralStatus.ISSUED && now > referral.expiresAt);
  if (expired) throw new DomainError('REFERRAL_EXPIRED', 'the referral has expired', {}, policy);
  if (referral.status !== ReferralStatus.ISSUED)
    throw new DomainError('INVALID_STATE', `cannot extend a referral in ${referral.status}`, {
      status: referral.status,
    });
  if (referral.extensions >= policy.extensionsAllowed)
    throw new DomainError(
      'EXTENSION_ALREADY_USED',
      'the referral has been extended the allowed number of times',
      { extensions: referral.extensions },
      policy,
    );
  const current = almatyDate(referral.expiresAt);
  if (until <= current)
    throw new DomainError('VALIDATION_FAILED', `until must be after the current expiry ${current}`, {
      fields: [{ field: 'until', problem: `must be after ${current}` }],
    });
  const latest = addCalendarDays(almatyDate(referral.originalExpiresAt), policy.extensionMaxCalendarDays);
  if (until > latest)
    throw new DomainError('EXTENSION_TOO_LONG', `until may be ${latest} at the latest`, { latest }, policy);
  return endOfAlmatyDay(until);
}
