import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { directRoutes, isDirectJsonRequest } from './direct-routes';

const request = (headers: Record<string, string>) =>
  Object.assign(Object.create(IncomingMessage.prototype) as IncomingMessage, { method: 'POST', url: '/x', headers });

describe('isDirectJsonRequest', () => {
  const json = { 'content-type': 'application/json', 'content-length': '20' };

  it('takes UTF-8 JSON of a declared length within the limit', () => {
    expect(isDirectJsonRequest(request(json), 100)).toBe(true);
    expect(isDirectJsonRequest(request({ ...json, 'content-type': 'application/json; charset=utf-8' }), 100)).toBe(
      true,
    );
  });

  it('leaves every other body to Express', () => {
    for (const headers of <Record<string, string>[]>[
      { ...json, 'content-type': 'text/xml' },
      { ...json, 'content-type': 'application/json; charset=latin1' },
      { ...json, 'content-encoding': 'gzip' },
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      { ...json, 'content-length': '0' },
      { ...json, 'content-length': '101' },
    ])
      expect(isDirectJsonRequest(request(headers), 100)).toBe(false);
  });
});

describe('directRoutes', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('express'));
    const echo = (name: string) => async (_req: IncomingMessage, res: ServerResponse, body: unknown) =>
      void res.end(JSON.stringify({ [name]: body }));
    // Two users of the same server (the GraphQL endpoint and the internal APIs) compose.
    directRoutes(server).add('/a', { before: [], limit: 100, answer: echo('a'), log: () => undefined });
    directRoutes(server).add('/b', {
      before: [(req, _res, next) => next(req.headers['x-fail'] ? new Error('step failed') : undefined)],
      limit: 100,
      answer: echo('b'),
      log: () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers each route it was given, with the body read as JSON', async () => {
    expect(await (await post('/a', '{"n":1}')).json()).toEqual({ a: { n: 1 } });
    expect(await (await post('/b', '[2]')).json()).toEqual({ b: [2] });
  });

  it('answers a failing step or a bad body as Express’s error handler does', async () => {
    const failed = await post('/b', '{}', { 'x-fail': '1' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    const bad = await post('/a', '{"n":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('hands other methods, paths, queries and bodies to Express', async () => {
    expect(await (await fetch(`${url}/a`)).text()).toBe('express');
    expect(await (await post('/a?x=1', '{}')).text()).toBe('express');
    expect(await (await post('/c', '{}')).text()).toBe('express');
    expect(await (await post('/a', 'x'.repeat(101))).text()).toBe('express');
  });

  it('refuses a second route at the same path', () => {
    expect(() =>
      directRoutes(server).add('/a', { before: [], limit: 1, answer: async () => undefined, log: () => undefined }),
    ).toThrow('POST /a is already served directly');
  });
});
