import { createServer, IncomingMessage, Server } from 'node:http';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialVerifier } from '@kezek/auth';
import { TEST_GATEWAY_SECRET, tokenFor } from '@kezek/testing';
import { RunningGateway } from '../src/gateway';
import { gatewayInFrontOf } from './stub-graph';

const PDF = Buffer.from('%PDF-1.7 a document');
const USER = '11111111-1111-4111-8111-111111111111';

/**
 * The gateway's document paths in front of a stand-in queue that records what reaches it: the
 * PDF passes through with the gateway's credential and the caller's sign-in, the public check is
 * limited like the anonymous operations, and refusals are JSON.
 */
describe('the gateway passes the document paths on to queue', () => {
  let queue: Server;
  let gateway: RunningGateway;
  const seen: Array<{ url: string; credentialValid: boolean; authorization?: string }> = [];
  const credentials = new GatewayCredentialVerifier(TEST_GATEWAY_SECRET, 'queue');

  beforeAll(async () => {
    queue = createServer((req: IncomingMessage, res) => {
      void credentials
        .verify(req.headers[GATEWAY_CREDENTIAL_HEADER], new Date())
        .then(
          () => true,
          () => false,
        )
        .then((credentialValid) => {
          seen.push({ url: req.url!, credentialValid, authorization: req.headers.authorization });
          if (req.url!.startsWith('/documents/verify/')) {
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify({ valid: true, kind: 'CHILD_CARD' }));
            return;
          }
          res.writeHead(200, {
            'content-type': 'application/pdf',
            'content-length': String(PDF.length),
            'cache-control': 'private, no-store',
            'set-cookie': 'not=passed',
          });
          res.end(PDF);
        });
    });
    gateway = await gatewayInFrontOf(queue, { RATE_LIMIT_ANONYMOUS_PER_CLIENT: '3' });
  });

  afterAll(async () => {
    await gateway?.stop();
    queue?.closeAllConnections();
    queue?.close();
  });

  it("streams a document's PDF from queue with the gateway's credential and the caller's sign-in", async () => {
    const res = await fetch(`${gateway.url}/documents/a.b.c.d.pdf?lang=kk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
    expect(seen.at(-1)).toEqual({ url: '/documents/a.b.c.d.pdf?lang=kk', credentialValid: true });

    const token = await tokenFor({ userId: USER });
    await fetch(`${gateway.url}/documents/a.b.c.d.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(seen.at(-1)).toMatchObject({ credentialValid: true, authorization: `Bearer ${token}` });
  });

  it('refuses a bad sign-in sent along before queue is asked, in JSON', async () => {
    const before = seen.length;
    const res = await fetch(`${gateway.url}/documents/a.b.c.d.pdf`, { headers: { authorization: 'Bearer nonsense' } });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      messages: { kk: expect.any(String) },
    });
    expect(seen.length).toBe(before);
    const other = await fetch(`${gateway.url}/documents/a/b.pdf`);
    expect(other.status).toBe(404);
    expect((await other.json()).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers the public check anonymously and limits it like the anonymous operations', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await fetch(`${gateway.url}/documents/verify/ABCDEFGHIJKLMNOPQRST`));
    expect(answers.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await answers[0].json()).toEqual({ valid: true, kind: 'CHILD_CARD' });
    expect(seen.at(-1)).toMatchObject({ url: '/documents/verify/ABCDEFGHIJKLMNOPQRST', credentialValid: true });
    const limited = answers[3];
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      details: { field: 'verifyDocument' },
    });
  });
});
