import { Client } from 'pg';
import { startTestStack, TestStack } from './test-stack';

/**
 * Writes and anonymous operations through the gateway as an attacker sends them: aliased writes
 * are refused before any subgraph runs, and the anonymous operations are rate-limited per client
 * address and per portal in Redis. The gateway trusts the loopback proxy (TRUST_PROXY), so each
 * request names its client address in X-Forwarded-For as an ingress would.
 */
describe('side effects and rate limits at the gateway', () => {
  let running: TestStack;
  let url: string;
  const PER_CLIENT = 3;
  const PER_PORTAL = 5;

  beforeAll(async () => {
    running = await startTestStack({
      workers: false,
      env: {
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_WINDOW_SECONDS: '60',
        RATE_LIMIT_ANONYMOUS_PER_CLIENT: String(PER_CLIENT),
        RATE_LIMIT_ANONYMOUS_PER_PORTAL: String(PER_PORTAL),
      },
      onLine: () => undefined,
    });
    url = running.url;
  });

  afterAll(() => running?.stop());

  type Answer = {
    status: number;
    retryAfter: string | null;
    body: {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> & { details?: Record<string, unknown> } }>;
    };
  };
  const post = async (query: string, from: string, portal = 'astana', variables = {}): Promise<Answer> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kezek-portal': portal, 'x-forwarded-for': from },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Answer['body'],
    };
  };
  const challenge = (from: string, portal?: string) => post('{ authChallenge { nonce } }', from, portal);
  const challenges = async () => {
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    try {
      return Number((await db.query('SELECT count(*) FROM identity.auth_challenge')).rows[0].count);
    } finally {
      await db.end();
    }
  };
  const expectRateLimited = (answer: Answer, field: string) => {
    expect(answer.status).toBe(429);
    const seconds = Number(answer.retryAfter);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(answer.body.data ?? undefined).toBeUndefined();
    expect(answer.body.errors?.[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      messages: {
        kk: expect.any(String),
        ru: expect.any(String),
        en: 'Too many requests. Try again in a minute.',
      },
      details: { field, retryAfterSeconds: seconds },
    });
  };

  it('refuses 1,000 aliased authChallenge fields before any challenge is stored', async () => {
    const before = await challenges();
    const aliased = Array.from({ length: 1000 }, (_, i) => `a${i}: authChallenge { nonce }`).join(' ');
    const answer = await post(`{ ${aliased} }`, '192.0.2.10');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      details: { limit: 'sideEffects', field: 'authChallenge', count: 1000, max: 1 },
    });
    expect(await challenges()).toBe(before);
    // One authChallenge is one challenge.
    const one = await post('{ authChallenge { nonce } }', '192.0.2.10');
    expect(one.body.errors).toBeUndefined();
    expect(await challenges()).toBe(before + 1);
  });

  it('answers RATE_LIMITED with a retry-after to the N+1-th challenge from one address; another address and another portal still pass', async () => {
    const a = '203.0.113.7';
    const b = '198.51.100.9';
    for (let i = 0; i < PER_CLIENT; i++) expect((await challenge(a)).body.errors).toBeUndefined();
    const before = await challenges();
    expectRateLimited(await challenge(a), 'authChallenge');
    expect(await challenges()).toBe(before);

    // Another address of the same portal: its own allowance, until the portal's is used up
    // (192.0.2.10's one, a's three and this one make the portal's five).
    expect((await challenge(b)).body.errors).toBeUndefined();
    expectRateLimited(await challenge(b), 'authChallenge');
    // Another portal is counted apart.
    expect((await challenge(b, 'almaty')).body.errors).toBeUndefined();
  });

  it('limits signIn and refreshSession the same way, each on its own count', async () => {
    const c = '192.0.2.77';
    const signIn = () =>
      post('mutation($x: String!) { signIn(signedXml: $x) { accessToken } }', c, 'astana', { x: '<x/>' });
    for (let i = 0; i < PER_CLIENT; i++) {
      const refused = await signIn();
      expect(refused.body.errors?.[0].extensions?.code).not.toBe('RATE_LIMITED');
    }
    expectRateLimited(await signIn(), 'signIn');
    const refresh = await post('mutation { refreshSession(refreshToken: "nope") { accessToken } }', c);
    expect(refresh.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
