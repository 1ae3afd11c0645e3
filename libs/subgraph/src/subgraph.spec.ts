import { GraphQLError } from 'graphql';
import { DomainError } from '@kezek/errors';
import { DEFAULT_POLICY } from '@kezek/policy';
import { formatGraphQLError } from './format-error';
import { byGroup, byKey } from './request-context';

describe('errors become GraphQL errors in one place', () => {
  const formatted = {
    message: 'boom',
    path: ['x'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'] },
  };

  it('keeps a domain refusal with its code and kk/ru/en messages', () => {
    const out = formatGraphQLError(
      formatted,
      new GraphQLError('x', { path: ['x'], originalError: new DomainError('NOT_FOUND', 'no such application') }),
      () => undefined,
    );
    expect(out).toMatchObject({
      message: 'no such application',
      extensions: {
        code: 'NOT_FOUND',
        messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
      },
    });
  });

  it('keeps the messages a rule refusal was rendered with under its portal policy', () => {
    const policy = { ...DEFAULT_POLICY, stopListWorkingDays: 15 };
    const refusal = new DomainError('ON_STOP_LIST', 'on the stop-list', undefined, policy);
    const out = formatGraphQLError(
      formatted,
      new GraphQLError('x', { path: ['x'], originalError: refusal }),
      () => undefined,
    );
    expect(out.extensions).toMatchObject({ code: 'ON_STOP_LIST', messages: refusal.messages });
    expect(refusal.messages.en).toContain('15 working days');
  });

  it('answers input errors as VALIDATION_FAILED without the value sent, an unreadable request as BAD_REQUEST', () => {
    const log = jest.fn();
    const coercion = formatGraphQLError(
      {
        message: 'Variable "$x" got invalid value { iin: "920417412019" }; String cannot represent…',
        extensions: { code: 'BAD_USER_INPUT' },
      },
      new GraphQLError('x'),
      log,
    );
    expect(coercion).toMatchObject({
      message: 'Variable "$x" has an invalid value.',
      extensions: { code: 'VALIDATION_FAILED' },
    });
    const bad = formatGraphQLError(
      { message: 'Variables are invalid JSON.', extensions: { code: 'BAD_REQUEST' } },
      new GraphQLError('x'),
      log,
    );
    expect(bad.extensions).toMatchObject({ code: 'BAD_REQUEST', messages: { en: expect.any(String) } });
    expect(log).not.toHaveBeenCalled();
  });

  it('masks anything else and logs it, without a stack trace in the answer', () => {
    const logged: unknown[] = [];
    const fault = new Error('connect ECONNREFUSED 10.0.0.7:5432');
    const out = formatGraphQLError(formatted, new GraphQLError('x', { path: ['x'], originalError: fault }), (e) =>
      logged.push(e),
    );
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
    });
    expect(JSON.stringify(out)).not.toMatch(/ECONNREFUSED|stacktrace|secret/);
    expect(logged).toEqual([fault]);
  });
});

describe('batch functions of the per-request loaders', () => {
  it('returns rows in key order: one per key, or every row of the key', async () => {
    const rows = [
      { id: 'b', of: 'k1' },
      { id: 'a', of: 'k2' },
      { id: 'c', of: 'k1' },
    ];
    expect(
      await byKey(
        async () => rows,
        (r) => r.id,
      )(['a', 'z', 'b']),
    ).toEqual([rows[1], null, rows[0]]);
    expect(
      await byGroup(
        async () => rows,
        (r) => r.of,
      )(['k2', 'k3', 'k1']),
    ).toEqual([[rows[1]], [], [rows[0], rows[2]]]);
  });
});
