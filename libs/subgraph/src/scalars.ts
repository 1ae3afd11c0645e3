import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { CustomScalar, Scalar } from '@nestjs/graphql';
import { almatyDate, toAlmatyIso } from '@kezek/clock';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLocalDate(value: unknown): string {
  const m = typeof value === 'string' ? LOCAL_DATE.exec(value) : null;
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new GraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value as string;
}

/** The contract's `Date`: a calendar day in Asia/Almaty (R1), as YYYY-MM-DD, kept a string. */
export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Asia/Almaty, YYYY-MM-DD',
  serialize: (v) => (v instanceof Date ? almatyDate(v) : parseLocalDate(v)),
  parseValue: parseLocalDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Date must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseLocalDate(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  // An offset is required: a bare local time would be ambiguous between callers.
  const ok =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = ok ? new Date(value as string) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime must be ISO-8601 with an offset, got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

/**
 * The contract's `DateTime`: an instant, written with the Asia/Almaty offset (R1). A provider
 * (not `buildSchemaOptions.scalarsMap`, which the federation schema factory ignores).
 */
@Scalar('DateTime', () => Date)
export class AlmatyDateTime implements CustomScalar<string, Date> {
  description = 'An instant, ISO-8601 with offset; Kezek writes it in Asia/Almaty time (+05:00)';

  serialize(value: unknown): string {
    return toAlmatyIso(value instanceof Date ? value : parseInstant(value));
  }

  parseValue(value: unknown): Date {
    return parseInstant(value);
  }

  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseInstant(ast.value);
  }
}
