import { z } from 'zod';
import { CLAIM_PENDING_TTL_SECONDS } from '../seat/seat-rules';

const ref = z.string().trim().min(1).max(128);

export const holdRequest = z.object({
  offerRoundId: ref,
  /** A region or district id: the queue area (R4). */
  areaId: ref,
  groupYear: z.number().int().min(2000).max(2100),
  count: z.number().int().min(1).max(1000),
  /** Seconds until an unclaimed hold goes back to free seats (a crashed caller's hold included). */
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600),
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

export const confirmRequest = z.object({ referralId: ref });
export type ConfirmRequest = z.infer<typeof confirmRequest>;
