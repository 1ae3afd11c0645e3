import { z } from 'zod';
import { DomainError } from '@kezek/errors';

/**
 * What is wrong with a field, never quoting what was sent: zod's enum message ends with
 * "received '<the value>'", and a value may be an IIN, a token or a signed document.
 */
function problemOf(issue: z.ZodIssue): string {
  if (issue.code === 'invalid_enum_value') return `must be one of ${issue.options.join(', ')}`;
  return issue.message;
}

/** Parses input with a zod schema; a failure is VALIDATION_FAILED naming each field. */
export function validateInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: problemOf(i) }));
  throw new DomainError(
    'VALIDATION_FAILED',
    `invalid input: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`,
    { fields },
  );
}
