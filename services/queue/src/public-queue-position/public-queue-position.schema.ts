import { z } from 'zod';
import { plainText } from '@kezek/validation';
import { TWELVE_DIGITS } from '@kezek/iin';

/** queuePosition's input: an application number and its child's IIN, which must match together. */
export const publicLookupInput = z.object({
  number: plainText(64),
  childIin: z.string().regex(TWELVE_DIGITS, 'must be 12 digits'),
});
