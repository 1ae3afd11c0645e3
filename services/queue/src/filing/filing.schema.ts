import { z } from 'zod';
import { isCalendarDate } from '@kezek/calendar';
import { TWELVE_DIGITS } from '@kezek/iin';
import { Language } from '@kezek/subgraph';
import { plainText } from '@kezek/validation';
import { Privilege } from '../application/models/privilege.enum';

const date = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');

/**
 * prepareApplication's input, flat because it is also the signed XML's parameters: checked when
 * prepared and again, from what was signed, when performed.
 */
export const filingInput = z
  .object({
    childIin: z.string().regex(TWELVE_DIGITS, 'must be 12 digits'),
    childFullName: plainText(200)
      .refine((name) => name.length >= 3, 'must be at least 3 characters')
      .transform((name) => name.replace(/\s+/g, ' ')),
    childBirthDate: date,
    queueAreaId: plainText(64),
    privilege: z.nativeEnum(Privilege).default(Privilege.NONE),
    privilegeDocumentKind: plainText(200).optional(),
    privilegeDocumentNumber: plainText(100).optional(),
    privilegeDocumentIssuedOn: date.optional(),
    privilegeDocumentIssuer: plainText(300).optional(),
    language: z.nativeEnum(Language).optional(),
  })
  .strict()
  .refine((v) => v.privilege !== Privilege.NONE || !v.privilegeDocumentKind, {
    message: 'a privilege document is given only with a privilege',
    path: ['privilegeDocument'],
  });
export type FilingInput = z.infer<typeof filingInput>;
