import { z } from 'zod';
import { defineInternalEndpoint, ServiceAudience } from '@kezek/internal-api';

// The claims API vacancies serves the queue service: served by
// services/vacancies/src/claim/claim.controller.ts.

/**
 * How long a claim stays pending before the reconciler frees it, unless the caller commits it:
 * what a caller may ask for (`ttlSeconds`) and gets by default.
 */
export const CLAIM_PENDING_TTL_SECONDS = { default: 15 * 60, min: 10, max: 24 * 3600 } as const;

const ref = z.string().trim().min(1).max(128);

/** The most seats one hold may ask for: an offer round of more seats would be several holds. */
export const HOLD_MAX_SEATS = 1000;

export const holdRequest = z.object({
  offerRoundId: ref,
  /** A region or district id: the queue area (R4). */
  areaId: ref,
  groupYear: z.number().int().min(2000).max(2100),
  /** 0: a round with nobody to offer to, which holds nothing and only reports its `publications`. */
  count: z.number().int().min(0).max(HOLD_MAX_SEATS),
  /** Seconds until an unclaimed hold goes back to free seats (a crashed caller's hold included). */
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600),
  /**
   * The publications (SeatsPublished: its group and `occurredAt`) the round is for: their seats
   * are held first, and those it does not hold stop awaiting a round and are free choice at once
   * (R11). Seats awaiting another publication's round are neither held nor freed by this one, so
   * a publication delivered late still gets its own round. Without it they await theirs until
   * the grace ends.
   */
  publications: z
    .array(z.object({ groupId: z.string().uuid(), publishedAt: z.string().datetime() }))
    .max(HOLD_MAX_SEATS)
    .optional(),
});
export type HoldRequest = z.infer<typeof holdRequest>;

export const claimRequest = z.object({
  referralId: ref,
  groupId: z.string().uuid(),
  offerRoundId: ref.optional(),
  /** Seconds the claim stays pending: uncommitted after that, the reconciler frees the seat (default 15 minutes). */
  ttlSeconds: z.number().int().min(CLAIM_PENDING_TTL_SECONDS.min).max(CLAIM_PENDING_TTL_SECONDS.max).optional(),
});
export type ClaimRequest = z.infer<typeof claimRequest>;

export const commitRequest = z.object({ referralId: ref });
export type CommitRequest = z.infer<typeof commitRequest>;

export const releaseRequest = z.union([
  z.object({ referralId: ref }).strict(),
  z.object({ offerRoundId: ref }).strict(),
]);
export type ReleaseRequest = z.infer<typeof releaseRequest>;

/** The publications whose seats still await their round though published before `publishedBefore`. */
export const awaitingRequest = z.object({
  publishedBefore: z.string().datetime(),
  limit: z.number().int().min(1).max(HOLD_MAX_SEATS),
});
export type AwaitingRequest = z.infer<typeof awaitingRequest>;

/** A publication as its SeatsPublished said it, with its instant and the seats still awaiting its round. */
export const awaitingPublication = z.object({
  groupId: z.string().uuid(),
  kindergartenId: z.string().uuid(),
  regionId: ref,
  districtId: ref,
  groupYear: z.number().int(),
  language: z.string(),
  publishedAt: z.string().datetime(),
  count: z.number().int().min(1),
});
export type AwaitingPublication = z.infer<typeof awaitingPublication>;

export const enrolRequest = z.object({ referralId: ref });
export type EnrolRequest = z.infer<typeof enrolRequest>;

const instant = z.string().datetime().nullable();

export const seatView = z.object({
  seatId: z.string().uuid(),
  groupId: z.string().uuid(),
  status: z.enum(['FREE', 'HELD', 'CLAIMED', 'ENROLLED']),
  referralId: z.string().nullable(),
  offerRoundId: z.string().nullable(),
  heldUntil: instant,
  claimedAt: instant,
  /** A pending claim: freed by the reconciler after this unless committed. Null once committed. */
  pendingUntil: instant,
  enrolledAt: instant,
});

const seatAnswer = z.object({ seat: seatView, replayed: z.boolean() });

const claims = {
  audience: ServiceAudience.VacanciesInternal,
  method: 'POST',
} as const;

export const ClaimsApi = {
  /**
   * Holds up to `count` free seats of state kindergartens of the area (those of the round's
   * `publications` first) and ends the wait of the rest of those publications; a replay of the
   * round returns its holds.
   */
  hold: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/hold',
    request: holdRequest,
    response: z.object({ offerRoundId: z.string(), heldUntil: instant, seats: z.array(seatView) }),
    refusals: [],
  }),
  /** Claims a seat for a referral, pending until committed; idempotent by referral. */
  claim: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/claim',
    request: claimRequest,
    response: seatAnswer,
    refusals: ['NOT_FOUND', 'NO_FREE_SEATS', 'INVALID_STATE'],
  }),
  /** The caller has committed its referral: the claim stays. */
  commit: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/commit',
    request: commitRequest,
    response: seatAnswer,
    refusals: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  /** Frees the seat of a referral, or the holds of an offer round. */
  release: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/release',
    request: releaseRequest,
    response: z.object({ released: z.number().int() }),
    refusals: ['NOT_FOUND', 'INVALID_STATE'],
  }),
  /**
   * Publications whose seats still await their offer round though published before
   * `publishedBefore`, oldest first: the queue's sweeper opens the rounds of those whose
   * SeatsPublished it never received (a job lost with Redis).
   */
  awaiting: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/awaiting',
    request: awaitingRequest,
    response: z.object({ publications: z.array(awaitingPublication) }),
    refusals: [],
  }),
  /** Enrols the child on a committed claim. */
  enrol: defineInternalEndpoint({
    ...claims,
    path: '/internal/claims/enrol',
    request: enrolRequest,
    response: z.object({ seat: seatView }),
    refusals: ['NOT_FOUND', 'INVALID_STATE'],
  }),
};
