import { z } from 'zod';
import { parseDuration } from '@kezek/clock';

/** advanceClock's input: a duration forward (`by`, ISO-8601 or seconds) or an instant (`to`), exactly one. */
export const advanceClockInput = z
  .object({
    by: z
      .string()
      .max(64)
      .transform((text, ctx) => {
        const parsed = parseDuration(text);
        if ('ms' in parsed) return parsed.ms;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
        return z.NEVER;
      })
      .nullish(),
    to: z
      .string()
      .max(64)
      .datetime({ offset: true, message: 'must be an ISO-8601 instant with offset, e.g. 2026-09-01T09:00:00+05:00' })
      .transform((v) => new Date(v))
      .nullish(),
  })
  .refine((v) => (v.by == null) !== (v.to == null), { message: 'give either by or to', path: ['by'] })
  .transform((v) => (v.to ? { to: v.to } : { byMs: v.by! }));
