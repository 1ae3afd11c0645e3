import { gql } from '@kezek/testing';
import { DEFAULT_PORTALS, portalKeyHash } from '@kezek/portals';
import { startTestStack, TestStack } from './test-stack';

/**
 * Every error the gateway or a subgraph answers is the documented GraphQL JSON shape (never
 * Express's HTML page, never a stack or a file path), and no error path writes a caller's IIN,
 * token or signed XML into any process's log.
 */
describe('errors: one JSON shape, nothing secret in the logs', () => {
  let running: TestStack;
  const lines: string[] = [];
  let subgraph: string;

  const iin = '920417412019';
  const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ';
  const signature = 'U2lnbmF0dXJlVmFsdWVTZWNyZXRCYXNlNjQ=';
  const certificate = 'TUlJQ2VydGlmaWNhdGVTZWNyZXRCYXNlNjQ=';
  const signedXml =
    `<?xml version="1.0" encoding="UTF-8"?><login><iin>${iin}</iin><token>${token}</token>` +
    `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>${signature}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `</ds:Signature></login>`;
  // Portals as tenants: astana's page is served from its own origin; aktobe calls from its servers with a key.
  const ASTANA_ORIGIN = 'https://balabaqsha.astana.kz';
  const AKTOBE_KEY = 'aktobe-server-key-0123456789abcdef0123456789';
  const portalsEnv = JSON.stringify(
    DEFAULT_PORTALS.map(({ policy: _policy, ...p }) =>
      p.id === 'astana'
        ? { ...p, origins: [ASTANA_ORIGIN] }
        : p.id === 'aktobe'
          ? { ...p, keyHashes: [portalKeyHash(AKTOBE_KEY)] }
          : p,
    ),
  );
  const SECRETS = [iin, token, signature, certificate, 'eyJhbGciOiJFUzI1NiJ9', 'ds:SignatureValue', AKTOBE_KEY];

  beforeAll(async () => {
    running = await startTestStack({
      workers: false,
      // debug: each request's own line is written too; introspection off as in production.
      env: { LOG_LEVEL: 'debug', GRAPHQL_INTROSPECTION: 'false', PORTALS: portalsEnv },
      onLine: (name, line) => lines.push(`${name}: ${line}`),
    });
    subgraph = running.stack.subgraphs.find((s) => s.name === 'identity')!.url;
  });

  afterAll(async () => {
    await running?.stop();
  });

  const targets = () => [
    { name: 'gateway', url: running.url, limit: 2 * 1024 * 1024 },
    { name: 'subgraph /graphql', url: subgraph, limit: 5 * 1024 * 1024 },
    { name: 'subgraph /internal', url: subgraph.replace(/\/graphql$/, '/internal/any'), limit: 5 * 1024 * 1024 },
  ];

  /** A subgraph answers only the gateway: calls made to it directly present the gateway's credential. */
  async function credential(url: string): Promise<Record<string, string>> {
    return url.startsWith(subgraph.replace(/\/graphql$/, '')) ? running.asGateway('identity') : {};
  }

  async function send(url: string, init: RequestInit) {
    const res = await fetch(url, {
      ...init,
      headers: { 'x-kezek-portal': 'astana', ...(await credential(url)), ...init.headers },
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text };
  }

  /** The documented shape: JSON, the code with kk/ru/en messages, no stack, no path on disk. */
  function expectError(res: { status: number; type: string; text: string }, status: number, code: string) {
    expect({ status: res.status, type: res.type }).toEqual({
      status,
      type: expect.stringContaining('application/json'),
    });
    const body = JSON.parse(res.text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]).toMatchObject({
      message: expect.any(String),
      extensions: { code, messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) } },
    });
    expect(res.text).not.toMatch(/stacktrace|<html|<pre>|\s+at\s|\/work\/|node_modules|\.ts:\d/i);
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);
  }

  const json = { 'content-type': 'application/json' };

  it('answers a malformed JSON body with BAD_REQUEST', async () => {
    for (const t of targets())
      expectError(
        await send(t.url, { method: 'POST', headers: json, body: `{"query": "{ me { id } }", "iin": "${iin}` }),
        400,
        'BAD_REQUEST',
      );
  });

  it('answers a body over the limit with PAYLOAD_TOO_LARGE', async () => {
    for (const t of targets()) {
      const body = JSON.stringify({
        query: '{ __typename }',
        variables: { signedXml: signedXml.padEnd(t.limit + 1, ' ') },
      });
      expectError(await send(t.url, { method: 'POST', headers: json, body }), 413, 'PAYLOAD_TOO_LARGE');
    }
  });

  it('answers a body of another content type with UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const t of targets().slice(0, 2)) {
      const res = await send(t.url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: signedXml,
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers a GET with a bad query string with BAD_REQUEST', async () => {
    for (const t of targets().slice(0, 2)) {
      const qs = `query=${encodeURIComponent('query($x: String!) { signIn(signedXml: $x) { accessToken } }')}&variables=${encodeURIComponent(`{"x": "${signedXml}"`)}`;
      expectError(
        await send(`${t.url}?${qs}`, { headers: { 'apollo-require-preflight': 'true' } }),
        400,
        'BAD_REQUEST',
      );
    }
  });

  it('answers a wrongly typed variable with VALIDATION_FAILED (400), not an internal error', async () => {
    const query = 'mutation($x: String!) { signIn(signedXml: $x) { accessToken } }';
    for (const url of [running.url, subgraph]) {
      const res = await send(url, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query, variables: { x: { iin, refreshToken: token, signedXml } } }),
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it("lets a portal's pages call from its registered origins only, and a portal with server keys only with one", async () => {
    const query = JSON.stringify({ query: '{ regions { id } }' });
    const post = (headers: Record<string, string>) =>
      fetch(running.url, { method: 'POST', headers: { ...json, ...headers }, body: query });
    const preflight = (origin: string) =>
      fetch(running.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    const allowed = await preflight(ASTANA_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ASTANA_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).not.toContain('x-kezek-portal-key');
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const fromPage = await post({ origin: ASTANA_ORIGIN, 'x-kezek-portal': 'astana' });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers.get('access-control-allow-origin')).toBe(ASTANA_ORIGIN);
    // Astana's page naming another portal, and another site naming astana: refused, no CORS answer.
    for (const headers of [
      { origin: ASTANA_ORIGIN, 'x-kezek-portal': 'almaty' },
      { origin: 'https://evil.example', 'x-kezek-portal': 'astana' },
    ]) {
      const res = await post(headers);
      expectError(
        { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() },
        403,
        'FORBIDDEN',
      );
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    // The playground: the gateway's own origin.
    expect((await post({ origin: new URL(running.url).origin, 'x-kezek-portal': 'almaty' })).status).toBe(200);

    for (const key of [undefined, 'not-the-key']) {
      const res = await post({ 'x-kezek-portal': 'aktobe', ...(key ? { 'x-kezek-portal-key': key } : {}) });
      expectError(
        { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() },
        401,
        'UNAUTHENTICATED',
      );
    }
    const withKey = await post({ 'x-kezek-portal': 'aktobe', 'x-kezek-portal-key': AKTOBE_KEY });
    expect(((await withKey.json()) as { data?: { regions: unknown[] } }).data?.regions).toBeDefined();
  });

  it('answers an operation name the document does not have with VALIDATION_FAILED (400), not an internal error', async () => {
    for (const url of [running.url, subgraph]) {
      const res = await send(url, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: 'query Mine { __typename }', operationName: 'Other' }),
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses an invalid signed XML and a forged refresh token without logging them', async () => {
    const signIn = await gql(running.url, 'mutation($x: String!) { signIn(signedXml: $x) { accessToken } }', {
      x: signedXml,
    });
    expect(signIn.errors?.[0].extensions?.code).toBeDefined();
    expect(signIn.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    const refresh = await gql(
      running.url,
      'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      {
        t: token,
      },
    );
    expect(refresh.errors?.[0].extensions?.code).toBeDefined();
    expect(refresh.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    // A bad bearer token stops at the gateway.
    const me = await send(running.url, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expectError(me, 401, 'UNAUTHENTICATED');
  });

  it('serves no introspection when GRAPHQL_INTROSPECTION is false, but the subgraph SDL still', async () => {
    for (const url of [running.url, subgraph]) {
      const res = await gql(url, '{ __schema { queryType { name } } }', {}, await credential(url));
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(res.data?.__schema).toBeUndefined();
    }
    const sdl = await gql<{ _service: { sdl: string } }>(
      subgraph,
      '{ _service { sdl } }',
      {},
      await credential(subgraph),
    );
    expect(sdl.data?._service.sdl).toContain('signIn');
  });

  it('wrote none of the secrets into any log line', async () => {
    // The processes write asynchronously: give the last lines time to arrive.
    await new Promise((r) => setTimeout(r, 500));
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
