import { z } from 'zod';

/**
 * Every number of RULES.md, as one portal's settings (immich's typed SystemConfig with frozen
 * defaults). A city or a changed Rule is configuration: nothing else in the code holds these
 * numbers, and the refusal messages are rendered from the policy in force.
 */
export interface PortalPolicy {
  /** R4: children up to this age (full years) can be queued. */
  readonly queueMaxAgeYears: number;
  /** R8: an offer needs the child to be at least this many full years old on that day. */
  readonly offerMinAgeYears: number;
  /** R7: after out-of-turn children, this many first-priority children, then this many general ones, in turn. */
  readonly interleave: { readonly firstPriority: number; readonly general: number };
  /** R10: working days a notified child has to choose a kindergarten. */
  readonly offerWindowWorkingDays: number;
  /** R13: working days a referral is valid for enrolment. */
  readonly referralValidityWorkingDays: number;
  /** R14: how many times a referral may be extended. */
  readonly extensionsAllowed: number;
  /** R14: an extension ends at most this many calendar days after the original expiry. */
  readonly extensionMaxCalendarDays: number;
  /** R15: hours after issue during which the applicant may revoke a referral. */
  readonly revocationWindowHours: number;
  /** R16: working days on the stop-list after a referral expired unused. */
  readonly stopListWorkingDays: number;
  /** R17: referrals expired unused that remove a child from the queue. */
  readonly expiredReferralsBeforeRemoval: number;
  /** R18: privilege documents are dated at most this many calendar days before the referral request. */
  readonly privilegeDocumentMaxAgeCalendarDays: number;
  /**
   * R10: whether the choice window starts when the parent was actually reached (a notice sent or
   * delivered by e-mail or SMS, as notifications reports it) rather than when the offer was made;
   * a reach after the window counted from sending changes nothing.
   */
  readonly offerWindowFromDelivery: boolean;
  /** SMS between these Almaty hours (from inclusive, to exclusive, across midnight) waits for `to`; e-mail never waits. */
  readonly smsQuietHours: { readonly from: number; readonly to: number };
  /** R13: "the referral expires tomorrow" is sent this many calendar days before the expiry day, at this Almaty hour. */
  readonly referralReminder: { readonly daysBefore: number; readonly atHour: number };
}

/** The settings a portal may override, each with its bounds (a bad value refuses to boot). */
const count = (min: number, max: number) => z.number().int().min(min).max(max);
export const portalPolicyOverrides = z
  .object({
    queueMaxAgeYears: count(1, 7),
    offerMinAgeYears: count(0, 6),
    interleave: z.object({ firstPriority: count(1, 100), general: count(0, 100) }).strict(),
    offerWindowWorkingDays: count(1, 60),
    referralValidityWorkingDays: count(1, 60),
    extensionsAllowed: count(0, 10),
    extensionMaxCalendarDays: count(1, 365),
    revocationWindowHours: count(0, 24 * 30),
    stopListWorkingDays: count(0, 250),
    expiredReferralsBeforeRemoval: count(1, 10),
    privilegeDocumentMaxAgeCalendarDays: count(1, 365),
    offerWindowFromDelivery: z.boolean(),
    smsQuietHours: z.object({ from: count(0, 23), to: count(0, 23) }).strict(),
    referralReminder: z.object({ daysBefore: count(1, 30), atHour: count(0, 23) }).strict(),
  })
  .strict()
  .partial();
export type PortalPolicyOverrides = z.infer<typeof portalPolicyOverrides>;

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(value);
}

/** The defaults of RULES.md (Order No. 254 and the seed instructions). */
export const DEFAULT_POLICY: PortalPolicy = deepFreeze({
  queueMaxAgeYears: 6,
  offerMinAgeYears: 2,
  interleave: { firstPriority: 1, general: 3 },
  offerWindowWorkingDays: 3,
  referralValidityWorkingDays: 5,
  extensionsAllowed: 1,
  extensionMaxCalendarDays: 30,
  revocationWindowHours: 24,
  stopListWorkingDays: 10,
  expiredReferralsBeforeRemoval: 2,
  privilegeDocumentMaxAgeCalendarDays: 10,
  offerWindowFromDelivery: false,
  smsQuietHours: { from: 22, to: 8 },
  referralReminder: { daysBefore: 1, atHour: 10 },
});

/** The defaults with a portal's (already validated) overrides, frozen. */
export function resolvePolicy(overrides: PortalPolicyOverrides = {}): PortalPolicy {
  if (Object.keys(overrides).length === 0) return DEFAULT_POLICY;
  const policy = { ...DEFAULT_POLICY, ...overrides };
  return deepFreeze({
    ...policy,
    interleave: { ...policy.interleave },
    smsQuietHours: { ...policy.smsQuietHours },
    referralReminder: { ...policy.referralReminder },
  });
}

/** What no single setting's bounds can catch: `setting: problem` for each inconsistency. */
export function policyProblems(policy: PortalPolicy): string[] {
  return policy.offerMinAgeYears > policy.queueMaxAgeYears
    ? [`offerMinAgeYears: must not exceed queueMaxAgeYears (${policy.queueMaxAgeYears})`]
    : [];
}
