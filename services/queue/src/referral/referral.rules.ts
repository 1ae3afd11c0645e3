import { createHash } from 'node:crypto';
import { Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { PortalPolicy } from '@kezek/policy';
import { Portal } from '@kezek/portals';
import { plainText } from '@kezek/validation';
import { GroupFacts } from '@kezek/vacancies-api';
import { latestEligibleBirthDate } from '../allocation/allocation-order.rules';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { canSeeApplication, isApplicant } from '../application/visibility.rules';

/** The signed action of R12 (choosing a kindergarten), as identity's XML names it. */
export const ISSUE_REFERRAL = 'queue.issue-referral';

/** How a child chooses: from its offer (R10), or among free seats (R11, R16 after the stop-list). */
export enum Choice {
  OFFER = 'OFFER',
  FREE_CHOICE = 'FREE_CHOICE',
}

interface Chooser {
  status: ApplicationStatus;
  onStopListUntil: Date | null;
  childBirthDate: string;
}

/**
 * Whether the child may choose a kindergarten now, and how: a NOTIFIED child from its open offer
 * until the window ends; a child waiting in the queue among free seats, when it is old enough
 * and off the stop-list (R8, R11, R16). Each refusal says why.
 */
export function choiceOf(app: Chooser, offer: { expiresAt: Date } | null, now: Date, policy: PortalPolicy): Choice {
  if (app.status === ApplicationStatus.NOTIFIED) {
    if (offer && now <= offer.expiresAt) return Choice.OFFER;
    throw new DomainError('OFFER_WINDOW_CLOSED', 'the offer window has ended', {}, policy);
  }
  if (app.status !== ApplicationStatus.IN_QUEUE)
    throw new DomainError('INVALID_STATE', `cannot choose a kindergarten in ${app.status}`, { status: app.status });
  if (app.onStopListUntil && now <= app.onStopListUntil)
    throw new DomainError(
      'ON_STOP_LIST',
      'the child is on the stop-list',
      { until: app.onStopListUntil.toISOString() },
      policy,
    );
  if (app.childBirthDate > latestEligibleBirthDate(now, policy))
    throw new DomainError('CHILD_TOO_YOUNG', 'the child is too young for an offer', {}, policy);
  return Choice.FREE_CHOICE;
}

/**
 * A group the child may take: of its group year (R4), in a state kindergarten of its queue
 * area (or of the round's areas for an offer), and not blocked after a revocation (R15).
 */
export function assertGroupFor(
  group: GroupFacts | undefined,
  child: { groupYear: number; areaIds: readonly string[] },
  blockedKindergartenIds: ReadonlySet<string>,
): asserts group is GroupFacts {
  if (!group) throw new DomainError('NOT_FOUND', 'no such group');
  const k = group.kindergarten;
  const inArea = child.areaIds.includes(k.districtId) || child.areaIds.includes(k.regionId);
  if (group.groupYear !== child.groupYear || !k.isState || !inArea)
    throw new DomainError('KINDERGARTEN_NOT_AVAILABLE', 'the group is not open to this child', {
      reason: 'OUTSIDE_QUEUE',
    });
  if (blockedKindergartenIds.has(k.id))
    throw new DomainError('KINDERGARTEN_NOT_AVAILABLE', 'the kindergarten is blocked after a revoked referral', {
      reason: 'REVOKED_OFFER',
    });
}

/**
 * A refusal that needs no claim: a free choice (R11) in a group without a free seat. Only a free
 * choice is judged here: an offer's round holds seats the group's free count leaves out, so its
 * claim decides. Read-only and on facts that may be a moment old, it only refuses early what the
 * claim would refuse (the claim stays the one judge of a seat).
 */
export function assertSeatFor(choice: Choice, group: Pick<GroupFacts, 'freeSeats'>): void {
  if (choice === Choice.FREE_CHOICE && group.freeSeats <= 0)
    throw new DomainError('NO_FREE_SEATS', 'the group has no free seat');
}

/** A referral's number: its application's and the count of its referrals, e.g. УО.2026.000123.1/1. */
export function referralNumber(applicationNumber: string, ordinal: number): string {
  return `${applicationNumber}/${ordinal}`;
}

/**
 * The referral id of a signing request: the same on every retry of the submit, so vacancies'
 * claim (idempotent by referral) gives a retried choice the seat the first attempt claimed.
 */
export function referralIdFor(requestId: string): string {
  const h = createHash('sha256').update(`referral:${requestId}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Why an applicant extends or revokes a referral (R14, R15): plain text of 3 to 500 characters. */
export const changeReason = plainText(500).refine((s) => s.length >= 3, 'must be at least 3 characters');

/**
 * Only an applicant of the referral's application acts on it (R14, R15). A referral whose
 * application the caller cannot see is NOT_FOUND (ids cannot be probed); one they may see but
 * did not apply for (an operator) is FORBIDDEN.
 */
export function assertReferralHolder<T extends { applicantIds: string[]; regionId: string }>(
  app: T | null,
  principal: Principal,
  portal: Portal,
  doing: string,
): asserts app is T {
  if (!app || !canSeeApplication(principal, portal, app)) throw new DomainError('NOT_FOUND', 'no such referral');
  if (!isApplicant(principal, app)) throw new DomainError('FORBIDDEN', `only an applicant may ${doing} a referral`);
}
