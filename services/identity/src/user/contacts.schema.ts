import { z } from 'zod';

/** updateContacts' input: an e-mail (R9: required from the first sign-in) and a Kazakh mobile number. */
export const contactsInput = z.object({
  email: z.string().trim().toLowerCase().max(254).email('must be an e-mail address'),
  phone: z
    .string()
    .trim()
    .regex(/^\+7\d{10}$/, 'must be +7 and 10 digits')
    .nullish()
    .transform((v) => v ?? null),
});
