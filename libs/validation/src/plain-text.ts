import { z } from 'zod';

/**
 * Text a person types (a name, a number, a reason): trimmed, 1..max characters, no control
 * characters — none belongs in such a field, and PostgreSQL refuses NUL outright.
 */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');
