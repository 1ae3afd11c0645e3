import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isCalendarDate } from '@kezek/calendar';
import { DomainError } from '@kezek/errors';
import { JournalFilter, JournalOrder } from './journal.schema';
import { ApplicationSortField } from './models/application-sort-field.enum';
import { SortDirection } from './models/sort-direction.enum';
import { JournalScope } from './visibility.rules';

type KeyType = 'text' | 'bpchar' | 'timestamptz' | 'date' | 'int';

/** One column of a sort: its SQL and type, which both the ORDER BY and the cursor's comparison use. */
export interface SortKey {
  column: string;
  type: KeyType;
}

const key = (column: string, type: KeyType = 'text'): SortKey => ({ column: `a.${column}`, type });

/** The columns each journal sort orders by, before the final `id` that makes every page stable. */
export const SORT_KEYS: Record<ApplicationSortField, SortKey[]> = {
  NUMBER: [key('number')],
  CHILD_NAME: [key('child_full_name')],
  CHILD_IIN: [key('child_iin', 'bpchar')],
  // R5: positions follow (created_at, number); sorting by them needs no ranking.
  QUEUE_NUMBER: [key('created_at', 'timestamptz'), key('number')],
  APPLICANT_NAME: [key('applicant_full_name')],
  CREATED_AT: [key('created_at', 'timestamptz')],
  STATUS: [key('status')],
  PRIVILEGE: [key('privilege')],
  BIRTH_DATE: [key('child_birth_date', 'date')],
  GROUP_YEAR: [key('group_year', 'int')],
};

/** A key's value as the cursor carries it: text that casts back to the same value (microseconds included). */
export function keyAsText(k: SortKey): string {
  return k.type === 'timestamptz'
    ? `to_char(${k.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `${k.column}::text`;
}

const KEY_VALUE: Record<KeyType, z.ZodType<string>> = {
  text: z.string().max(300),
  bpchar: z.string().max(300),
  timestamptz: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  date: z.string().refine(isCalendarDate),
  int: z.string().regex(/^-?\d{1,9}$/),
};

/**
 * `(k1, k2, id) > ($n, $n+1, $n+2)` (or `<` descending): the rows after the cursor's, all keys in
 * one direction so a single row comparison walks the index. Returns the SQL and its parameters.
 */
export function keysetCondition(
  keys: SortKey[],
  direction: SortDirection,
  values: { keys: string[]; id: string },
  firstParam: number,
): { sql: string; params: string[] } {
  const columns = [...keys.map((k) => k.column), 'a.id'];
  const types = [...keys.map((k) => k.type), 'uuid'];
  const placeholders = types.map((t, i) => `$${firstParam + i}::${t}`);
  const op = direction === SortDirection.ASC ? '>' : '<';
  return { sql: `(${columns.join(', ')}) ${op} (${placeholders.join(', ')})`, params: [...values.keys, values.id] };
}

export interface JournalCursor {
  /** The last row's sort keys, as `keyAsText` gives them. */
  keys: string[];
  id: string;
  /** totalCount as of the first page: counting again on every page would rescan the region. */
  totalCount: number;
}

/**
 * Ties a cursor to what it pages through: the filter, the sort and who asks through which portal.
 * Keys are sorted so that the same filter given in another order is the same query.
 */
export function journalHash(filter: JournalFilter, order: JournalOrder, scope: { portalId: string; userId: string }) {
  const canonical = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([canonical, order.field, order.direction, scope.portalId, scope.userId]))
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(cursor: JournalCursor, hash: string): string {
  return Buffer.from(JSON.stringify({ k: cursor.keys, i: cursor.id, n: cursor.totalCount, h: hash })).toString(
    'base64url',
  );
}

const badCursor = (problem: string) =>
  new DomainError('VALIDATION_FAILED', `after: ${problem}`, { fields: [{ field: 'after', problem }] });

/** Reads a cursor given back by a client; one from another filter, sort or caller is refused. */
export function decodeCursor(cursor: string, keys: SortKey[], hash: string): JournalCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw badCursor('unknown cursor');
  }
  const parsed = z
    .object({
      k: z.tuple(keys.map((k) => KEY_VALUE[k.type]) as [z.ZodType<string>, ...z.ZodType<string>[]]),
      i: z.string().uuid(),
      n: z.number().int().min(0),
      h: z.string(),
    })
    .strict()
    .safeParse(raw);
  if (!parsed.success) throw badCursor('unknown cursor');
  if (parsed.data.h !== hash) throw badCursor('the cursor belongs to another filter or sort');
  return { keys: parsed.data.k, id: parsed.data.i, totalCount: parsed.data.n };
}

/** The places of the queue (R5) a filter asks for, or null when it names none; `to` absent means to the end. */
export function queueNumberRange(filter: JournalFilter): { from: number; to?: number } | null {
  const { queueNumber, queueNumberFrom, queueNumberTo } = filter;
  if (queueNumber === undefined && queueNumberFrom === undefined && queueNumberTo === undefined) return null;
  const from = Math.max(queueNumber ?? 1, queueNumberFrom ?? 1);
  const ends = [queueNumber, queueNumberTo].filter((n): n is number => n !== undefined);
  return ends.length ? { from, to: Math.min(...ends) } : { from };
}

/** The filters queue.application_tally has a column for; a filter added later is counted on the rows until listed. */
const TALLIED_FILTERS: ReadonlySet<string> = new Set<keyof JournalFilter>([
  'status',
  'statuses',
  'privilege',
  'groupYear',
  'queueAreaId',
]);

/**
 * Whether totalCount can be summed from the tally instead of counting a region's rows: only when
 * the caller sees whole regions (an operator, an admin; a person's own applications are not
 * tallied) and filters by tallied columns alone — no text, date or queue-number filter.
 */
export function countsFromTally(scope: Pick<JournalScope, 'ownOnlyRegionIds'>, filter: JournalFilter): boolean {
  return (
    scope.ownOnlyRegionIds.length === 0 &&
    Object.entries(filter).every(([field, value]) => value === undefined || TALLIED_FILTERS.has(field))
  );
}

/** `%part%` for LIKE, the user's own `%`, `_` and `\` taken literally. */
export const containing = (part: string) => `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
export const startingWith = (part: string) => `${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
