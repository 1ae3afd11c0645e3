import { z } from 'zod';
import { DomainError } from '@kezek/errors';

/** Parses input with a zod schema; a failure is VALIDATION_FAILED naming each field. */
export function validateInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message }));
  throw new DomainError(
    'VALIDATION_FAILED',
    `invalid input: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`,
    { fields },
  );
}
