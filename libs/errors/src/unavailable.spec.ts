import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { isConnectionFailure, unavailableStatus } from './unavailable';

/** What pg raises when nothing listens on the port: Node's system error, as it comes. */
async function refusedConnection(): Promise<unknown> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return new Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 1000 }).connect().then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** What pg raises when the server closes the connection mid-query (as a restart does). */
async function terminatedConnection(): Promise<unknown> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Client({ host: '127.0.0.1', port }).connect().then(
      () => undefined,
      (e: unknown) => e,
    );
  } finally {
    server.close();
  }
}

function sqlState(code: string, message = 'x'): DatabaseError {
  const e = new DatabaseError(message, message.length, 'error');
  e.code = code;
  return e;
}

describe('isConnectionFailure', () => {
  it('recognises a refused and a terminated connection as pg raises them', async () => {
    const refused = await refusedConnection();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isConnectionFailure(refused)).toBe(true);
    const terminated = await terminatedConnection();
    expect((terminated as Error).message).toMatch(/^Connection terminated/);
    expect(isConnectionFailure(terminated)).toBe(true);
  });

  it("recognises the server's own refusals: shutdown, starting up, connection exceptions, too many connections", () => {
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '08P01', '53300'])
      expect([code, isConnectionFailure(sqlState(code))]).toEqual([code, true]);
  });

  it("looks through TypeORM's QueryFailedError, causes and AggregateError", () => {
    const adminShutdown = sqlState('57P01', 'terminating connection due to administrator command');
    expect(isConnectionFailure(new QueryFailedError('SELECT 1', [], adminShutdown))).toBe(true);
    expect(
      isConnectionFailure(new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))),
    ).toBe(true);
    // pg-pool's connectionTimeoutMillis, and the timeout of a connection that did open too late.
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isConnectionFailure(
        new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated') }),
      ),
    ).toBe(true);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
    expect(isConnectionFailure(reset)).toBe(true);
    // "localhost" resolves to ::1 and 127.0.0.1: Node reports both refusals as one AggregateError.
    const refusedBoth = Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }], ''), {
      code: 'ECONNREFUSED',
    });
    expect(isConnectionFailure(refusedBoth)).toBe(true);
    expect(isConnectionFailure(new AggregateError([reset], ''))).toBe(true);
    expect(isConnectionFailure(new Error('internal api did not answer', { cause: reset }))).toBe(true);
    // graphql-js's NonErrorThrown, around an error of another realm (jest's, or a vm context).
    expect(isConnectionFailure(Object.assign(new Error('Unexpected error value'), { thrownValue: reset }))).toBe(true);
  });

  it("leaves the request's own failures alone", () => {
    for (const code of ['23505', '23503', '40001', '40P01', '42P01', '22P02', '57014'])
      expect([code, isConnectionFailure(new QueryFailedError('INSERT', [], sqlState(code)))]).toEqual([code, false]);
    for (const e of [
      new Error('boom'),
      new DomainError('CONFLICT'),
      new TypeError('x is undefined'),
      null,
      undefined,
      'ECONNREFUSED',
    ])
      expect(isConnectionFailure(e)).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isConnectionFailure(loop)).toBe(false);
  });
});

describe('unavailableStatus', () => {
  it('is 503 when an error is SERVICE_UNAVAILABLE, else nothing', () => {
    expect(
      unavailableStatus([{ extensions: { code: 'NOT_FOUND' } }, { extensions: { code: 'SERVICE_UNAVAILABLE' } }]),
    ).toBe(503);
    expect(unavailableStatus([{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }, {}])).toBeUndefined();
    expect(unavailableStatus(undefined)).toBeUndefined();
  });
});
