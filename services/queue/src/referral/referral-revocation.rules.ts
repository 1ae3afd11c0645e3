import { z } from 'zod';
import { DomainError } from '@kezek/errors';
import { PortalPolicy } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { ReferralStatus } from './models/referral-status.enum';
import { changeReason } from './referral.rules';

/** The signed action of R15 (Отозвать направление), as identity's XML names it. */
export const REVOKE_REFERRAL = 'queue.revoke-referral';

/** prepareReferralRevocation's input, checked again when the signed action is performed. */
export const revocationInput = z.object({ referralId: z.string().uuid(), reason: changeReason });

/**
 * R15: a referral still issued may be revoked until `revocableUntil` (issue + the policy's
 * hours, "бір тәулік" in the seeds: a span of hours, not a calendar day), that instant included.
 */
export function assertRevocable(
  referral: { status: ReferralStatus; revocableUntil: Date },
  app: { status: ApplicationStatus },
  now: Date,
  policy: PortalPolicy,
): void {
  if (referral.status !== ReferralStatus.ISSUED || app.status !== ApplicationStatus.REFERRAL_ISSUED)
    throw new DomainError('INVALID_STATE', `cannot revoke a referral in ${referral.status}`, {
      status: referral.status,
    });
  if (now > referral.revocableUntil)
    throw new DomainError(
      'REVOCATION_WINDOW_CLOSED',
      'the revocation window has ended',
      { revocableUntil: referral.revocableUntil.toISOString() },
      policy,
    );
}

/**
 * R15 (and the warning of the Almaty instruction): the kindergartens of the revoked referral's
 * offer stay closed to the child until that offer's window ends; null when it already has, so
 * nothing is blocked.
 */
export function kindergartenBlockUntil(windowEndsAt: Date, now: Date): Date | null {
  return now <= windowEndsAt ? windowEndsAt : null;
}
