import { z } from 'zod';

/** The figures of one region of the calling portal, optionally of one group year (R4). */
export const regionStatisticsArgs = z.object({
  regionId: z.string().trim().min(1).max(64),
  groupYear: z.number().int().min(2000).max(2100).optional(),
});

// An instant arrives as a String, not a DateTime: a bad DateTime variable fails in the subgraph's
// scalar, which the gateway can only answer as an internal error (the hostile sweep's finding).
const instant = z
  .string()
  .max(64)
  .datetime({ offset: true, message: 'must be an ISO-8601 instant with offset, e.g. 2027-03-01T00:00:00+05:00' })
  .transform((v) => new Date(v));

/** A period [from, to) of instants given as ISO-8601 with offset, from before to. */
export const periodArgs = z
  .object({ from: instant, to: instant })
  .refine((p) => p.from.getTime() < p.to.getTime(), { message: 'must be after from', path: ['to'] });
