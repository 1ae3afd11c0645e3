import { Principal, Role } from '@kezek/auth';
import { addCalendarDays } from '@kezek/calendar';
import { almatyDate } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { PortalPolicy } from '@kezek/policy';
import { Privilege } from '../application/models/privilege.enum';
import { ReferralStatus } from './models/referral-status.enum';

/** Why a referral closed when its privilege documents were refused (R18). */
export const PRIVILEGE_REFUSED = 'PRIVILEGE_REFUSED';

/**
 * R19: only the staff of the referral's kindergarten enrol the child (or refuse its documents,
 * R18): their token's scope names that kindergarten. Everyone else — staff of another
 * kindergarten, operators, admins, parents — is refused.
 */
export function assertKindergartenStaffOf(principal: Principal, referral: { kindergartenId: string | null }): void {
  const staffOf = principal.roles.includes(Role.KINDERGARTEN_STAFF) ? (principal.scopes?.kindergartenIds ?? []) : [];
  if (!referral.kindergartenId || !staffOf.includes(referral.kindergartenId))
    throw new DomainError('FORBIDDEN', "only the staff of the referral's kindergarten may act on it");
}

/** R13, R16: a referral is acted on while ISSUED and within its validity. */
export function assertReferralValid(
  referral: { status: ReferralStatus; expiresAt: Date },
  now: Date,
  policy: PortalPolicy,
): void {
  if (referral.status !== ReferralStatus.ISSUED)
    throw new DomainError('INVALID_STATE', `the referral is ${referral.status}`, { status: referral.status });
  if (now > referral.expiresAt)
    throw new DomainError('REFERRAL_EXPIRED', 'the referral has expired', { expiresAt: referral.expiresAt }, policy);
}

/** Whether the referral was issued under a privilege, so its documents need the staff's confirmation (R18). */
export const needsPrivilegeDocuments = (referral: { privilege: Privilege | null }) =>
  referral.privilege !== null && referral.privilege !== Privilege.NONE;

/**
 * R18: the privilege documents the staff confirm are dated at most the policy's calendar days
 * before the referral was requested (Almaty dates, R1, R3) and not after today. A referral
 * without a privilege needs none, and a date given for it is ignored.
 */
export function assertPrivilegeDocumentsDate(
  issuedOn: string | null | undefined,
  referral: { privilege: Privilege | null; requestedAt: Date },
  now: Date,
  policy: PortalPolicy,
): void {
  if (!needsPrivilegeDocuments(referral)) return;
  const field = 'privilegeDocumentsIssuedOn';
  if (!issuedOn)
    throw new DomainError('VALIDATION_FAILED', `${field} is required for a referral issued under a privilege`, {
      fields: [{ field, problem: 'is required for a referral issued under a privilege' }],
    });
  if (issuedOn > almatyDate(now))
    throw new DomainError('VALIDATION_FAILED', `${field} is in the future`, {
      fields: [{ field, problem: 'must not be in the future' }],
    });
  const earliest = addCalendarDays(almatyDate(referral.requestedAt), -policy.privilegeDocumentMaxAgeCalendarDays);
  if (issuedOn < earliest)
    throw new DomainError(
      'PRIVILEGE_DOCUMENT_TOO_OLD',
      `documents dated ${issuedOn}, earliest ${earliest}`,
      { earliest },
      policy,
    );
}

const APPLICATION_NUMBER = /^(УО\.\d{4}\.\d{6})\.(\d+)$/;

/**
 * Re-registration (R18: the child returns to the general queue): the same number in its next
 * version, УО.YYYY.NNNNNN.V → .V+1. The sequence part stays, so the number stays unique per
 * portal; the place in the queue is still the filing instant's (R5).
 */
export function nextNumberVersion(number: string): { number: string; version: number } {
  const m = APPLICATION_NUMBER.exec(number);
  if (!m) throw new RangeError(`not an application number: ${number}`);
  const version = Number(m[2]) + 1;
  return { number: `${m[1]}.${version}`, version };
}
