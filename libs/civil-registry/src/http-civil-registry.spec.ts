import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { makeIin } from '@kezek/iin';
import { HttpCivilRegistry } from './http-civil-registry';

describe('the civil registry over HTTP', () => {
  const mother = makeIin('1992-04-17', 'F', 1201);
  const stranger = makeIin('1989-11-02', 'M', 3407);
  const child = makeIin('2023-02-11', 'M', 2101);
  let server: Server;
  let baseUrl: string;
  let answer: (body: { parentIin: string; childIin: string }, res: ServerResponse) => void;
  const seen: Array<{ method?: string; url?: string; body: unknown }> = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text);
      seen.push({ method: req.method, url: req.url, body });
      answer(body, res);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  });
  beforeEach(() => (seen.length = 0));

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const registry = (timeoutMs = 1000) => new HttpCivilRegistry({ baseUrl, timeoutMs });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string; message: string }) => e,
    );

  it('asks POST /v1/parentage with both IINs in the body and returns its answer', async () => {
    answer = (body, res) => json(res, 200, { parent: body.parentIin === mother });
    expect(await registry().isParent(mother, child)).toBe(true);
    expect(await registry().isParent(stranger, child)).toBe(false);
    expect(seen[0]).toEqual({ method: 'POST', url: '/v1/parentage', body: { parentIin: mother, childIin: child } });
  });

  it('is CIVIL_REGISTRY_UNAVAILABLE on a 5xx, an error status and an answer outside the contract, naming no IIN', async () => {
    for (const [status, body] of [
      [500, { error: 'down' }],
      [503, {}],
      [404, { parent: false }],
      [200, { parent: 'yes' }],
      [200, 'not json'],
    ] as const) {
      answer = (_, res) => json(res, status, body);
      const e = await failure(registry().isParent(mother, child));
      expect(e).toMatchObject({ code: 'CIVIL_REGISTRY_UNAVAILABLE' });
      expect(e!.message).not.toMatch(/\d{12}/);
    }
  });

  it('is CIVIL_REGISTRY_UNAVAILABLE when no answer comes in time', async () => {
    answer = (_, res) => setTimeout(() => json(res, 200, { parent: true }), 500);
    const e = await failure(registry(100).isParent(mother, child));
    expect(e).toMatchObject({ code: 'CIVIL_REGISTRY_UNAVAILABLE', message: expect.stringContaining('within 100 ms') });
  });

  it('is CIVIL_REGISTRY_UNAVAILABLE when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const e = await failure(
      new HttpCivilRegistry({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 }).isParent(mother, child),
    );
    expect(e).toMatchObject({ code: 'CIVIL_REGISTRY_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });
  });
});
