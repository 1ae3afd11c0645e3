import { z } from 'zod';
import { plainText } from '@kezek/validation';
import { TWELVE_DIGITS } from '@kezek/iin';

/** prepareAttachApplication's input, also the signed XML's parameters: checked when prepared and again when performed. */
export const attachmentInput = z.object({
  number: plainText(64),
  childIin: z.string().regex(TWELVE_DIGITS, 'must be 12 digits'),
});
