import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { httpTransport } from './http-transport';

describe('the HTTP transport between services', () => {
  let server: Server;
  let base: string;
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      if (req.url === '/silent') return;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.statusCode = req.url === '/refuse' ? 409 : 200;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-seen', [req.method ?? '', String(req.headers['x-kezek'])]);
        res.end(JSON.stringify({ got: JSON.parse(body || 'null') }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and body, and answers with fetch-shaped status, headers and JSON', async () => {
    const res = await httpTransport(`${base}/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kezek': 'yes' },
      body: '{"a":1}',
    });
    expect(res).toMatchObject({ ok: true, status: 200, statusText: 'OK', url: `${base}/x` });
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-seen')).toBe('POST, yes');
    expect(res.headers.get('x-absent')).toBeNull();
    await expect(res.json()).resolves.toEqual({ got: { a: 1 } });

    const refused = await httpTransport(`${base}/refuse`, { method: 'POST', body: '{}' });
    expect(refused).toMatchObject({ ok: false, status: 409, statusText: 'Conflict' });
    await expect(refused.text()).resolves.toBe('{"got":{}}');
  });

  it('keeps connections alive: twenty sequential calls open at most two sockets', async () => {
    sockets.clear();
    for (let i = 0; i < 20; i++) await (await httpTransport(`${base}/x`, { method: 'POST', body: '1' })).json();
    // A connection returns to the pool a tick after its answer is read, so the next call may open a second one.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it("gives up at the caller's signal and names a refused connection's system error", async () => {
    await expect(httpTransport(`${base}/silent`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    // Given up while still waiting for one of the pool's connections, not when it gets one.
    const hold = Array.from({ length: 128 }, () =>
      httpTransport(`${base}/silent`, { signal: AbortSignal.timeout(400) }),
    );
    const started = Date.now();
    await expect(httpTransport(`${base}/x`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(300);
    await Promise.allSettled(hold);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(httpTransport(`http://127.0.0.1:${port}/x`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
