import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import {
  createLogger,
  loggerOptions,
  maskIins,
  RequestLog,
  requestLogging,
  requestLogLevel,
  scrub,
  SLOW_REQUEST_MS,
} from './index';

/** A pino logger configured as every Kezek process is, writing into an array. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const { redact, hooks, level } = loggerOptions({ service: 'test' }, 'info');
  return { logger: pino({ redact, hooks, level }, sink), text: () => lines.join('') };
}

describe('log redaction', () => {
  const iin = '920417412019';
  const signedXml = '<action><iin>920417412019</iin><ds:Signature>…</ds:Signature></action>';

  it('never writes tokens, signed XML or GraphQL variables', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.secret', 'x-kezek-gateway': 'g-credential' },
        },
        input: { signedXml, xml: signedXml, refreshToken: 'r-secret' },
        variables: { childIin: iin },
      },
      'signIn',
    );
    expect(text()).not.toContain('eyJhbGciOiJFUzI1NiJ9');
    expect(text()).not.toContain('r-secret');
    expect(text()).not.toContain('g-credential');
    expect(text()).not.toContain('ds:Signature');
    expect(text()).not.toContain(iin);
    expect(text()).toContain('[redacted]');
  });

  it('redacts IIN, token and password fields wherever an object carries them', () => {
    const { logger, text } = capture();
    logger.info(
      {
        user: { iin },
        application: { childIin: iin },
        session: { accessToken: 'a-secret', token: 't-secret' },
        login: { password: 'p-secret' },
        headers: { authorization: 'Bearer h-secret' },
      },
      'fields',
    );
    for (const secret of [iin, 'a-secret', 't-secret', 'p-secret', 'h-secret']) expect(text()).not.toContain(secret);
  });

  it('masks IINs inside free text too', () => {
    const { logger, text } = capture();
    logger.warn(`refresh token reused by ${iin}`);
    expect(text()).not.toContain(iin);
    expect(maskIins(`child ${iin}, phone +77011234567`)).toBe('child ************, phone +77011234567');
  });
});

describe('the one logger of every process (createLogger)', () => {
  const iin = '920417412019';
  const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  const signedXml = `<?xml version="1.0"?><login><iin>${iin}</iin><ds:Signature><ds:SignatureValue>U2ln</ds:SignatureValue></ds:Signature></login>`;
  const secrets = [iin, token, 'eyJhbGciOiJFUzI1NiJ9', 'ds:SignatureValue', 'U2ln'];

  function captured() {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    return { logger: createLogger({ service: 'test' }, 'info', sink), text: () => lines.join('') };
  }

  it('redacts fields as the services do', () => {
    const { logger, text } = captured();
    logger.info({ variables: { x: signedXml }, input: { refreshToken: token, iin } }, 'x');
    for (const secret of secrets) expect(text()).not.toContain(secret);
  });

  it("logs an error's type, scrubbed message and stack, never its extensions, source or variables", () => {
    const { logger, text } = captured();
    const coercion = new GraphQLError(
      `Variable "$x" got invalid value { iin: "${iin}", token: "${token}", xml: "${signedXml}" }; String cannot represent a non string value: { iin: "${iin}" }`,
      { extensions: { code: 'BAD_USER_INPUT', variables: { x: signedXml }, refreshToken: token } },
    );
    logger.error({ err: coercion }, 'unexpected error');
    logger.error({ err: new Error(`signIn failed for ${token} with ${signedXml}`) }, 'fault');
    for (const secret of secrets) expect(text()).not.toContain(secret);
    expect(text()).toContain('GraphQLError');
    expect(text()).toContain('BAD_USER_INPUT');
    expect(text()).toContain('Variable \\"$x\\" got invalid value [redacted]');
  });

  it('scrubs free text: tokens, XML, quoted values; leaves stack frames readable', () => {
    expect(scrub(`bearer ${token} for ${iin}`)).toBe('bearer [token] for ************');
    expect(scrub(`got ${signedXml} back`)).toBe('got [xml] back');
    expect(scrub('at Object.<anonymous> (/app/x.ts:1:2)')).toBe('at Object.<anonymous> (/app/x.ts:1:2)');
  });

  it("writes a request's path, never its query string (a GET carries its variables there)", () => {
    const { serializers } = loggerOptions({ service: 'test' }, 'info');
    expect(serializers!.req({ id: '1', method: 'GET', url: `/graphql?variables={"iin":"${iin}"}` })).toEqual({
      id: '1',
      method: 'GET',
      url: '/graphql',
    });
    const link =
      '/documents/0b7e2a4c-1d3f-4e5a-8b6c-7d8e9f0a1b2c.11111111-1111-4111-8111-111111111111.1772427600.mac.pdf';
    expect(serializers!.req({ id: '2', method: 'GET', url: `${link}?lang=kk` }).url).toBe('/documents/[token].pdf');
    expect(serializers!.req({ id: '3', method: 'GET', url: '/documents/verify/ABCD' }).url).toBe(
      '/documents/verify/ABCD',
    );
  });
});

describe('request log levels', () => {
  it('writes a successful request at debug, a slow one at info, a refused one at warn, a failed one at error', () => {
    expect(requestLogLevel(200, false, 12)).toBe('debug');
    expect(requestLogLevel(200, false, SLOW_REQUEST_MS)).toBe('info');
    expect(requestLogLevel(404, false, 3)).toBe('warn');
    expect(requestLogLevel(503, false, 3)).toBe('error');
    expect(requestLogLevel(200, true, 3)).toBe('error');
  });

  it('so a production logger (info) writes no line for an ordinary request', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ service: 'test' }, 'info', sink);
    logger[requestLogLevel(200, false, 5)]('request completed');
    logger[requestLogLevel(500, false, 5)]('request errored');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 50, msg: 'request errored' });
  });
});

describe('requestLogging', () => {
  /** A server answering `status` after `delayMs` through requestLogging, logging at `level` into lines. */
  async function serve(level: string, status: number, within?: Parameters<typeof requestLogging>[1]) {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const logger = createLogger({ service: 'test' }, level, sink);
    const middleware = requestLogging(logger, within);
    const server = createServer((req, res) =>
      middleware(req, res, () => {
        res.statusCode = status;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${url}${path}`, { headers });
      await res.text();
      await new Promise((r) => setTimeout(r, 20)); // 'close' comes after the answer
      return res;
    };
    return { logger, lines, call, close: () => new Promise((r) => server.close(r)) };
  }

  it("echoes the caller's request id, or gives a new one", async () => {
    const s = await serve('info', 200);
    expect((await s.call('/graphql', { 'x-request-id': 'abc-1' })).headers.get('x-request-id')).toBe('abc-1');
    expect((await s.call('/graphql', { 'x-request-id': 'no spaces allowed' })).headers.get('x-request-id')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    await s.close();
  });

  it('writes an ordinary request at debug only, with its id, method and path but not its query string', async () => {
    const quiet = await serve('info', 200);
    await quiet.call('/graphql?variables=secret');
    expect(quiet.lines).toHaveLength(0);
    await quiet.close();
    const verbose = await serve('debug', 200);
    await verbose.call('/graphql?variables=secret', { 'x-request-id': 'r-2' });
    await verbose.call('/health');
    expect(verbose.lines).toHaveLength(1);
    expect(verbose.lines[0]).toMatchObject({
      level: 20,
      msg: 'request completed',
      requestId: 'r-2',
      req: { id: 'r-2', method: 'GET', url: '/graphql' },
      res: { statusCode: 200 },
    });
    await verbose.close();
  });

  it('writes a failed request at error in production', async () => {
    const s = await serve('info', 503);
    await s.call('/graphql', { 'x-request-id': 'r-3' });
    expect(s.lines).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', requestId: 'r-3' })]);
    await s.close();
  });

  it('writes a request its caller abandoned at error in production', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const middleware = requestLogging(createLogger({ service: 'test' }, 'info', sink));
    // Never answers: the caller gives up first.
    const server = createServer((req, res) => middleware(req, res, () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const gone = new AbortController();
    const call = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
      headers: { 'x-request-id': 'r-5' },
      signal: gone.signal,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    gone.abort();
    await call;
    for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request aborted', requestId: 'r-5' })]);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("makes a request's own logger only when the request writes through it", async () => {
    const made: RequestLog[] = [];
    const s = await serve('info', 200, (log, next) => {
      made.push(log);
      next();
    });
    const child = jest.spyOn(s.logger, 'child');
    await s.call('/a', { 'x-request-id': 'r-4' });
    expect(child).not.toHaveBeenCalled();
    made[0].logger.info('inside');
    made[0].logger.info('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(s.lines).toEqual([
      expect.objectContaining({ msg: 'inside', requestId: 'r-4', req: { id: 'r-4', method: 'GET', url: '/a' } }),
      expect.objectContaining({ msg: 'again', requestId: 'r-4' }),
    ]);
    await s.close();
  });
});
