import { z } from 'zod';
import { isCalendarDate } from '@kezek/calendar';
import { TWELVE_DIGITS } from '@kezek/iin';
import { plainText } from '@kezek/validation';
import { ApplicationSortField } from './models/application-sort-field.enum';
import { ApplicationStatus } from './models/application-status.enum';
import { Privilege } from './models/privilege.enum';
import { SortDirection } from './models/sort-direction.enum';

const day = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const namePart = plainText(200);
const position = z.number().int().min(1).max(10_000_000);

/** GraphQL passes an explicit null for a field set to null; it means the same as leaving it out. */
const withoutNulls = (v: unknown) =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) : v;

export const journalFilter = z.preprocess(
  withoutNulls,
  z
    .object({
      number: plainText(64).optional(),
      childName: namePart.optional(),
      childIin: z.string().regex(TWELVE_DIGITS, 'must be 12 digits').optional(),
      queueNumber: position.optional(),
      queueNumberFrom: position.optional(),
      queueNumberTo: position.optional(),
      applicantName: namePart.optional(),
      createdFrom: day.optional(),
      createdTo: day.optional(),
      status: z.nativeEnum(ApplicationStatus).optional(),
      // Sorted and without repeats, so that the same choice hashes to the same cursor.
      statuses: z
        .array(z.nativeEnum(ApplicationStatus))
        .min(1)
        .transform((s) => [...new Set(s)].sort())
        .optional(),
      privilege: z.nativeEnum(Privilege).optional(),
      birthDate: day.optional(),
      birthDateFrom: day.optional(),
      birthDateTo: day.optional(),
      groupYear: z.number().int().min(2000).max(2100).optional(),
      queueAreaId: plainText(64).optional(),
    })
    .strict()
    .superRefine((f, ctx) => {
      const byPosition = [f.queueNumber, f.queueNumberFrom, f.queueNumberTo].some((n) => n !== undefined);
      // R5: a queue number is a place in the queue of one area and group year.
      if (byPosition)
        for (const field of ['queueAreaId', 'groupYear'] as const)
          if (f[field] === undefined)
            ctx.addIssue({ code: 'custom', path: [field], message: 'is required to filter by queue number' });
      const ordered = (from: unknown, to: unknown, path: string) => {
        if (from !== undefined && to !== undefined && (from as string | number) > (to as string | number))
          ctx.addIssue({ code: 'custom', path: [path], message: 'must not be before the start of the range' });
      };
      ordered(f.queueNumberFrom, f.queueNumberTo, 'queueNumberTo');
      ordered(f.createdFrom, f.createdTo, 'createdTo');
      ordered(f.birthDateFrom, f.birthDateTo, 'birthDateTo');
    }),
);
export type JournalFilter = z.infer<typeof journalFilter>;

export const journalOrder = z.object({
  field: z.nativeEnum(ApplicationSortField),
  direction: z.nativeEnum(SortDirection).default(SortDirection.ASC),
});
export type JournalOrder = z.infer<typeof journalOrder>;

export const journalArgs = z.object({
  filter: journalFilter.default({}),
  first: z.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(2000).optional(),
  orderBy: journalOrder.default({ field: ApplicationSortField.CREATED_AT, direction: SortDirection.DESC }),
});
export type JournalArgs = z.infer<typeof journalArgs>;
