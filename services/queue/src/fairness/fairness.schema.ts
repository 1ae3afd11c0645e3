import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** A range of the public log: at most 500 entries a page. */
export const logRangeInput = z.object({
  fromSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(500),
});

/** Day heads of at most a year. */
export const dayHeadsInput = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, 'from must not be after to')
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, 'at most a year');

export const ledgerPageInput = z.object({
  first: z.number().int().min(1).max(200),
  after: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a cursor this query returned')
    .nullish(),
});
