import { createServer, Server } from 'node:net';
import { ManualClock } from '@kezek/clock';
import { testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { ANONYMOUS_FIELDS, PUBLIC_LOOKUP_FIELD, RateLimiter, RateLimits } from '../src/rate-limit';

describe('the gateway rate limiter on real Redis', () => {
  const clock = new ManualClock('2026-09-01T04:00:00Z');
  const unavailable = jest.fn();
  const limits: RateLimits = {
    prefix: `${testQueuePrefix()}:rate-limit`,
    windowSeconds: 60,
    perClient: 3,
    perPortal: 5,
    perClientByField: { [PUBLIC_LOOKUP_FIELD]: 2 },
    fields: [...ANONYMOUS_FIELDS, 'kindergartenLookup'],
  };
  let limiter: RateLimiter;
  const once = (field: string) => new Map([[field, 1]]);
  const a = { address: '203.0.113.7', portalId: 'astana' };
  const b = { address: '198.51.100.9', portalId: 'astana' };
  const c = { address: '192.0.2.1', portalId: 'almaty' };

  beforeAll(async () => {
    limiter = await RateLimiter.connect(testRedisUrl(), limits, clock, unavailable);
  });
  afterAll(() => limiter?.close());

  it('lets N runs of a field from one address through in a window, refuses the next with the wait, and admits it again once the oldest run leaves', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await limiter.hit(once('authChallenge'), a)).toEqual({ allowed: true });
      clock.advance(10_000);
    }
    // Runs at 0, 10 and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(await limiter.hit(once('authChallenge'), a)).toEqual({
      allowed: false,
      field: 'authChallenge',
      scope: 'client',
      retryAfterSeconds: 30,
    });
    // Another field, another address: their own counts.
    expect(await limiter.hit(once('signIn'), a)).toEqual({ allowed: true });
    expect(await limiter.hit(once('authChallenge'), b)).toEqual({ allowed: true });
    clock.advance(30_000);
    expect(await limiter.hit(once('authChallenge'), a)).toEqual({ allowed: true });
    expect(await limiter.hit(once('authChallenge'), a)).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    expect(unavailable).not.toHaveBeenCalled();
  });

  it("limits a portal's clients together, and another portal not at all", async () => {
    clock.advance(120_000);
    const from = (i: number) => ({ address: `10.9.0.${i}`, portalId: 'astana' });
    for (let i = 0; i < 5; i++) expect(await limiter.hit(once('refreshSession'), from(i))).toEqual({ allowed: true });
    expect(await limiter.hit(once('refreshSession'), from(5))).toMatchObject({ allowed: false, scope: 'portal' });
    expect(await limiter.hit(once('refreshSession'), c)).toEqual({ allowed: true });
  });

  it('counts each run of an aliased field, records nothing of a refused request, and ignores fields not limited', async () => {
    clock.advance(120_000);
    expect(await limiter.hit(new Map([['kindergartenLookup', 4]]), a)).toMatchObject({
      allowed: false,
      scope: 'client',
    });
    expect(await limiter.hit(new Map([['kindergartenLookup', 2]]), a)).toEqual({ allowed: true });
    expect(
      await limiter.hit(
        new Map([
          ['kindergartenLookup', 1],
          ['signIn', 1],
        ]),
        a,
      ),
    ).toEqual({ allowed: true });
    expect(await limiter.hit(once('kindergartenLookup'), a)).toMatchObject({ allowed: false });
    expect(await limiter.hit(new Map([['regions', 100]]), a)).toEqual({ allowed: true });
  });

  it('gives the public lookup its own allowance per client address, under the same per-portal ceiling', async () => {
    clock.advance(120_000);
    for (let i = 0; i < 2; i++) expect(await limiter.hit(once(PUBLIC_LOOKUP_FIELD), a)).toEqual({ allowed: true });
    expect(await limiter.hit(once(PUBLIC_LOOKUP_FIELD), a)).toMatchObject({
      allowed: false,
      field: PUBLIC_LOOKUP_FIELD,
      scope: 'client',
    });
    // Other fields keep the general allowance (3).
    for (let i = 0; i < 3; i++) expect(await limiter.hit(once('authChallenge'), a)).toEqual({ allowed: true });
    for (let i = 0; i < 2; i++) expect(await limiter.hit(once(PUBLIC_LOOKUP_FIELD), b)).toEqual({ allowed: true });
    expect(await limiter.hit(once(PUBLIC_LOOKUP_FIELD), { ...c, portalId: 'astana' })).toEqual({ allowed: true });
    expect(await limiter.hit(once(PUBLIC_LOOKUP_FIELD), { address: '10.9.9.9', portalId: 'astana' })).toMatchObject({
      allowed: false,
      scope: 'portal',
    });
  });

  it('fails open, quickly, while Redis does not answer', async () => {
    // A port that accepts connections and never answers, like a Redis that hangs.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const failures = jest.fn();
    const away = await RateLimiter.connect(`redis://127.0.0.1:${port}`, limits, clock, failures, 200);
    try {
      const started = Date.now();
      expect(await away.hit(once('signIn'), a)).toEqual({ allowed: true });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(failures).toHaveBeenCalled();
    } finally {
      await away.close();
      silent.close();
    }
  });
});
