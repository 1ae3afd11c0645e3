import { GraphQLError } from 'graphql';
import { DomainError } from '@kezek/errors';
import { DEFAULT_POLICY } from '@kezek/policy';
import { QueryFailedError } from 'typeorm';
import { formatGraphQLError, executionStatus } from './format-error';
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

  it('answers a database connection that failed as SERVICE_UNAVAILABLE, retryable, and logs it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
    const shutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    for (const fault of [refused, shutdown]) {
      const logged: unknown[] = [];
      const out = formatGraphQLError(formatted, new GraphQLError('x', { path: ['x'], originalError: fault }), (e) =>
        logged.push(e),
      );
      expect(out).toEqual({
        message: 'A service this action needs is not available right now. Try again later.',
        path: ['x'],
        extensions: expect.objectContaining({
          code: 'SERVICE_UNAVAILABLE',
          messages: expect.objectContaining({ ru: expect.any(String) }),
        }),
      });
      expect(JSON.stringify(out)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|administrator|SELECT/);
      expect(logged).toEqual([fault]);
    }
  });

  it('answers HTTP 503 when an error is SERVICE_UNAVAILABLE, else 200 once the operation ran', async () => {
    const hooks = await executionStatus().requestDidStart!({} as never);
    const respond = async (codes: string[], data?: unknown, status?: number) => {
      const response = {
        http: { status },
        body: {
          kind: 'single',
          singleResult: {
            ...(data === undefined ? {} : { data }),
            errors: codes.map((code) => ({ message: code, extensions: { code } })),
          },
        },
      };
      await hooks!.willSendResponse!({ response } as never);
      return response.http.status;
    };
    expect(await respond(['NOT_FOUND', 'SERVICE_UNAVAILABLE'], null)).toBe(503);
    expect(await respond(['SERVICE_UNAVAILABLE'])).toBe(503);
    // An executed operation is 200 whatever its errors asked for (Nest's own rule).
    expect(await respond(['INTERNAL_SERVER_ERROR'], null, 500)).toBe(200);
    expect(await respond([], { x: 1 })).toBe(200);
    // A request refused before execution (no data) keeps Apollo's status.
    expect(await respond(['VALIDATION_FAILED'], undefined, 400)).toBe(400);
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
