import { Role } from '@kezek/auth';
import { z } from 'zod';
import { TWELVE_DIGITS } from '@kezek/iin';

const digits12 = z.string().regex(TWELVE_DIGITS, 'must be 12 digits');
const ids = z.array(z.string().min(1).max(64)).max(100).default([]);
/** Kindergartens are vacancies' registry ids: UUIDs, kept lower-case (as the registry answers them) and once each. */
const kindergartenIds = z
  .array(
    z
      .string()
      .uuid('must be a kindergarten id (UUID)')
      .transform((id) => id.toLowerCase()),
  )
  .max(100)
  .default([])
  .transform((list) => [...new Set(list)]);

/** grantRole's input: staff need an organisation and kindergartens, operators regions. */
export const grantInput = z
  .object({
    iin: digits12,
    bin: digits12.nullish().transform((v) => v ?? null),
    role: z.enum([Role.KINDERGARTEN_STAFF, Role.DISTRICT_OPERATOR, Role.ADMIN]),
    kindergartenIds,
    regionIds: ids,
    reason: z.string().trim().min(3).max(500),
  })
  .superRefine((g, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (g.role === Role.KINDERGARTEN_STAFF && !g.bin)
      need('bin', 'is required for kindergarten staff (their employee certificate carries it)');
    if (g.role === Role.KINDERGARTEN_STAFF && g.kindergartenIds.length === 0)
      need('kindergartenIds', 'is required for kindergarten staff');
    if (g.role === Role.DISTRICT_OPERATOR && g.regionIds.length === 0)
      need('regionIds', 'is required for a district operator');
    if (g.role !== Role.KINDERGARTEN_STAFF && g.kindergartenIds.length > 0)
      need('kindergartenIds', 'only kindergarten staff have kindergartens');
    if (g.role !== Role.DISTRICT_OPERATOR && g.regionIds.length > 0)
      need('regionIds', 'only district operators have regions');
  });
