import { DomainError } from '@kezek/errors';
import {
  containing,
  countsFromTally,
  decodeCursor,
  encodeCursor,
  journalHash,
  keysetCondition,
  queueNumberRange,
  SORT_KEYS,
  startingWith,
} from './journal.rules';
import { journalFilter, JournalOrder } from './journal.schema';
import { ApplicationSortField } from './models/application-sort-field.enum';
import { ApplicationStatus } from './models/application-status.enum';
import { SortDirection } from './models/sort-direction.enum';

const ID = '0b6c8a53-3f5e-4c47-9a3c-0d5d2b8e4a11';
const scope = { portalId: 'astana', userId: '11111111-1111-4111-8111-111111111111' };
const byQueue: JournalOrder = { field: ApplicationSortField.QUEUE_NUMBER, direction: SortDirection.ASC };
const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('journal sort keys', () => {
  it('breaks every tie by id and sorts QUEUE_NUMBER by the queue order (created_at, number)', () => {
    expect(SORT_KEYS.QUEUE_NUMBER.map((k) => k.column)).toEqual(['a.created_at', 'a.number']);
    for (const keys of Object.values(SORT_KEYS)) expect(keys.map((k) => k.column)).not.toContain('a.id');
    expect(Object.keys(SORT_KEYS).sort()).toEqual(Object.values(ApplicationSortField).sort());
  });

  it('continues after the cursor row with one row comparison in the sort direction', () => {
    const values = { keys: ['2025-01-01T00:00:01.000123Z', 'УО.2025.000001.1'], id: ID };
    expect(keysetCondition(SORT_KEYS.QUEUE_NUMBER, SortDirection.ASC, values, 3)).toEqual({
      sql: '(a.created_at, a.number, a.id) > ($3::timestamptz, $4::text, $5::uuid)',
      params: [...values.keys, ID],
    });
    expect(keysetCondition(SORT_KEYS.GROUP_YEAR, SortDirection.DESC, { keys: ['2023'], id: ID }, 1).sql).toBe(
      '(a.group_year, a.id) < ($1::int, $2::uuid)',
    );
  });
});

describe('journal cursor', () => {
  const filter = journalFilter.parse({ childName: 'ali' });
  const hash = journalHash(filter, byQueue, scope);
  const cursor = { keys: ['2025-01-01T00:00:01.000123Z', 'УО.2025.000001.1'], id: ID, totalCount: 42 };

  it('round-trips the keys, the id and the first page’s totalCount', () => {
    expect(decodeCursor(encodeCursor(cursor, hash), SORT_KEYS.QUEUE_NUMBER, hash)).toEqual(cursor);
  });

  it('refuses a cursor of another filter, sort or caller', () => {
    const encoded = encodeCursor(cursor, hash);
    const others = [
      journalHash(journalFilter.parse({ childName: 'alu' }), byQueue, scope),
      journalHash(filter, { ...byQueue, direction: SortDirection.DESC }, scope),
      journalHash(filter, byQueue, { ...scope, userId: ID }),
      journalHash(filter, byQueue, { ...scope, portalId: 'almaty' }),
    ];
    for (const other of others) {
      expect(other).not.toBe(hash);
      const e = failure(() => decodeCursor(encoded, SORT_KEYS.QUEUE_NUMBER, other));
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'after' }] } });
    }
  });

  it('hashes the same filter given in another order, or statuses repeated, alike', () => {
    const a = journalFilter.parse({ childName: 'ali', statuses: ['NOTIFIED', 'IN_QUEUE'], groupYear: 2023 });
    const b = journalFilter.parse({
      groupYear: 2023,
      statuses: ['IN_QUEUE', 'NOTIFIED', 'IN_QUEUE'],
      childName: 'ali',
    });
    expect(journalHash(a, byQueue, scope)).toBe(journalHash(b, byQueue, scope));
  });

  it('refuses garbage and keys that do not fit the sort, before any SQL sees them', () => {
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ k, i: ID, n: 1, h: hash })).toString('base64url');
    for (const bad of [
      'not a cursor',
      forged(['2025-01-01', 'УО.2025.000001.1']),
      forged(['2025-01-01T00:00:01.000123Z']),
      Buffer.from('{"k":[],"i":"x"}').toString('base64url'),
    ])
      expect(failure(() => decodeCursor(bad, SORT_KEYS.QUEUE_NUMBER, hash))).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    expect(failure(() => decodeCursor(forged(['soon']), SORT_KEYS.GROUP_YEAR, hash)).code).toBe('VALIDATION_FAILED');
  });
});

describe('journal filter', () => {
  it('needs the queue area and group year for a queue number, naming both', () => {
    const parsed = journalFilter.safeParse({ queueNumberFrom: 3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['groupYear', 'queueAreaId']);
    expect(journalFilter.safeParse({ queueNumber: 3, queueAreaId: 'astana', groupYear: 2023 }).success).toBe(true);
  });

  it('refuses reversed ranges, unknown fields and malformed values', () => {
    const paths = (input: unknown) => journalFilter.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({ createdFrom: '2025-02-01', createdTo: '2025-01-01' })).toEqual(['createdTo']);
    expect(paths({ birthDateFrom: '2023-02-01', birthDateTo: '2023-01-01' })).toEqual(['birthDateTo']);
    expect(paths({ queueNumberFrom: 5, queueNumberTo: 4, queueAreaId: 'astana', groupYear: 2023 })).toEqual([
      'queueNumberTo',
    ]);
    expect(paths({ childIin: '123' })).toEqual(['childIin']);
    expect(paths({ createdFrom: '2025-02-30' })).toEqual(['createdFrom']);
    expect(paths({ queueNumber: 0, queueAreaId: 'astana', groupYear: 2023 })).toEqual(['queueNumber']);
    expect(paths({ statuses: [] })).toEqual(['statuses']);
    expect(paths({ colour: 'red' })).toEqual(['']);
  });

  it('treats a null field as an absent one', () => {
    expect(journalFilter.parse({ childName: null, status: ApplicationStatus.IN_QUEUE })).toEqual({
      status: 'IN_QUEUE',
    });
  });

  it('turns the queue-number fields into one range of places', () => {
    expect(queueNumberRange(journalFilter.parse({}))).toBeNull();
    const area = { queueAreaId: 'astana', groupYear: 2023 };
    expect(queueNumberRange(journalFilter.parse({ ...area, queueNumber: 4 }))).toEqual({ from: 4, to: 4 });
    expect(queueNumberRange(journalFilter.parse({ ...area, queueNumberFrom: 4 }))).toEqual({ from: 4 });
    expect(queueNumberRange(journalFilter.parse({ ...area, queueNumberTo: 9 }))).toEqual({ from: 1, to: 9 });
    expect(queueNumberRange(journalFilter.parse({ ...area, queueNumber: 4, queueNumberTo: 9 }))).toEqual({
      from: 4,
      to: 4,
    });
  });

  it('takes the user’s LIKE wildcards literally', () => {
    expect(containing('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(startingWith('УО.2025.')).toBe('УО.2025.%');
  });
});

describe('journal count from the tally', () => {
  const operator = { ownOnlyRegionIds: [] as string[] };
  const parent = { ownOnlyRegionIds: ['astana'] };
  const tallied = (input: unknown, scope = operator) => countsFromTally(scope, journalFilter.parse(input));

  it('sums the tally for whole regions filtered by the columns it has', () => {
    expect(tallied({})).toBe(true);
    expect(tallied({ status: 'IN_QUEUE', privilege: 'OUT_OF_TURN', groupYear: 2023, queueAreaId: 'astana-esil' })).toBe(
      true,
    );
    expect(tallied({ statuses: ['NOTIFIED', 'IN_QUEUE'], childName: null })).toBe(true);
  });

  it('counts the rows for a person’s own applications, even beside whole regions', () => {
    expect(tallied({}, parent)).toBe(false);
    expect(tallied({ status: 'IN_QUEUE' }, parent)).toBe(false);
  });

  it.each([
    [{ number: 'УО.2025.' }],
    [{ childName: 'ali' }],
    [{ childIin: '230101500011' }],
    [{ applicantName: 'khan' }],
    [{ createdFrom: '2025-01-01' }],
    [{ createdTo: '2025-01-01' }],
    [{ birthDate: '2023-01-01' }],
    [{ birthDateFrom: '2023-01-01' }],
    [{ birthDateTo: '2023-01-01' }],
    [{ queueNumber: 3, queueAreaId: 'astana', groupYear: 2023 }],
    [{ queueNumberFrom: 3, queueAreaId: 'astana', groupYear: 2023 }],
    [{ queueNumberTo: 3, queueAreaId: 'astana', groupYear: 2023 }],
  ])('counts the rows for a filter the tally has no column for: %j', (input) => {
    expect(tallied({ status: 'IN_QUEUE', ...input })).toBe(false);
  });
});
