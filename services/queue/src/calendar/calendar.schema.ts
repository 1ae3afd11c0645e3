import { z } from 'zod';
import { isCalendarDate } from '@kezek/calendar';
import { plainText } from '@kezek/validation';

/** The years `validateCalendarYear` accepts. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

const year = z.number().int().min(CALENDAR_YEARS.min).max(CALENDAR_YEARS.max);
const calendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a date YYYY-MM-DD')
  .refine(
    (d) => year.safeParse(Number(d.slice(0, 4))).success,
    `must be in ${CALENDAR_YEARS.min}–${CALENDAR_YEARS.max}`,
  );
/** Every change says why (the audit trail keeps it): a decree, a correction, a confirmation. */
const reason = plainText(500);
const note = plainText(1000).optional();

export const calendarYearInput = z.object({ year });

export const setHolidayInput = z.object({
  date: calendarDate,
  nameKk: plainText(200),
  nameRu: plainText(200),
  nameEn: plainText(200),
  kind: z.enum(['national', 'state', 'religious']),
  confirmed: z.boolean(),
  note,
  reason,
});

export const setTransferDayInput = z.object({
  date: calendarDate,
  kind: z.enum(['DAY_OFF', 'WORKING_DAY']),
  decree: plainText(500),
  confirmed: z.boolean(),
  note,
  reason,
});

export const removeCalendarDayInput = z.object({ date: calendarDate, reason });

/** A year's data as JSON text; its content is checked by `validateCalendarYear` (calendar.rules). */
export const loadCalendarYearInput = z.object({
  data: z
    .string()
    .max(200_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON' });
        return z.NEVER;
      }
    }),
  reason,
});
