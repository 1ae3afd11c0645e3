import { z } from 'zod';
import { isCalendarDate } from '@kezek/calendar';
import { TWELVE_DIGITS } from '@kezek/iin';
import { Language } from '@kezek/subgraph';
import { Privilege } from '../application/models/privilege.enum';

const date = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * prepareApplication's input, flat because it is also the signed XML's parameters: checked when
 * prepared and again, from what was signed, when performed.
 */
export const filingInput = z
  .object({
    childIin: z.string().regex(TWELVE_DIGITS, 'must be 12 digits'),
    childFullName: z
      .string()
      .trim()
      .min(3)
      .max(200)
      .transform((name) => name.replace(/\s+/g, ' ')),
    childBirthDate: date,
    queueAreaId: text(64),
    privilege: z.nativeEnum(Privilege).default(Privilege.NONE),
    privilegeDocumentKind: text(200).optional(),
    privilegeDocumentNumber: text(100).optional(),
    privilegeDocumentIssuedOn: date.optional(),
    privilegeDocumentIssuer: text(300).optional(),
    language: z.nativeEnum(Language).optional(),
  })
  .strict()
  .refine((v) => v.privilege !== Privilege.NONE || !v.privilegeDocumentKind, {
    message: 'a privilege document is given only with a privilege',
    path: ['privilegeDocument'],
  });
export type FilingInput = z.infer<typeof filingInput>;
