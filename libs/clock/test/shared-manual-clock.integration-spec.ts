import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { ClockBackwardsError, ClockListeners, ClockMoveError, SharedManualClock } from '../src';

// The run's Redis (infra/test/global-setup.ts) read directly: @kezek/testing depends on this lib.
const testRedisUrl = () => process.env.KEZEK_TEST_REDIS_URL!;
const testQueuePrefix = () => `kezek-test-${randomBytes(4).toString('hex')}`;

const DAY = 86_400_000;

/** Two processes of one stand, in one test process: each with its own connection, clock and listeners. */
describe('SharedManualClock on real Redis', () => {
  const connections: Redis[] = [];
  const clocks: SharedManualClock[] = [];

  async function join(prefix: string, name: string, o: { start?: Date; ackTimeoutMs?: number } = {}) {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    connections.push(redis);
    const listeners = new ClockListeners();
    const clock = await SharedManualClock.start({ redis, prefix, process: name, listeners, ...o });
    clocks.push(clock);
    return { clock, listeners, redis };
  }

  afterEach(async () => {
    for (const c of clocks.splice(0)) await c.close();
    for (const r of connections.splice(0)) await r.quit();
  });

  it('starts at CLOCK_START for the first process; later ones join its time', async () => {
    const prefix = testQueuePrefix();
    const start = new Date('2026-09-01T04:00:00Z');
    const a = await join(prefix, 'a', { start });
    const b = await join(prefix, 'b', { start: new Date('2030-01-01T00:00:00Z') });
    expect(Math.abs(a.clock.now().getTime() - start.getTime())).toBeLessThan(1_000);
    expect(Math.abs(b.clock.now().getTime() - a.clock.now().getTime())).toBeLessThan(5);
    // It runs on like real time between moves.
    const before = a.clock.now().getTime();
    await new Promise((r) => setTimeout(r, 30));
    expect(a.clock.now().getTime() - before).toBeGreaterThanOrEqual(25);
  });

  it('moves every process before advance returns, and runs their listeners at the new time', async () => {
    const prefix = testQueuePrefix();
    const a = await join(prefix, 'a', { start: new Date('2026-09-01T04:00:00Z') });
    const b = await join(prefix, 'b');
    const seen: Date[] = [];
    b.listeners.register('sweep', async (now) => {
      await new Promise((r) => setTimeout(r, 50)); // a sweep that takes a while is waited for
      seen.push(now);
    });
    const before = b.clock.now().getTime();
    const moved = await a.clock.advance({ byMs: 3 * DAY });
    expect(moved.processes).toBe(2);
    expect(seen).toHaveLength(1);
    expect(seen[0].getTime() - before).toBeGreaterThanOrEqual(3 * DAY);
    expect(b.clock.now().getTime() - before).toBeGreaterThanOrEqual(3 * DAY);
    expect(Math.abs(b.clock.now().getTime() - a.clock.now().getTime())).toBeLessThan(5);
    expect(Math.abs(moved.now.getTime() - seen[0].getTime())).toBeLessThan(1_000);

    const to = new Date(a.clock.now().getTime() + 10 * DAY);
    expect((await b.clock.advance({ to })).processes).toBe(2);
    expect(a.clock.now().getTime() - to.getTime()).toBeGreaterThanOrEqual(0);
    expect(a.clock.now().getTime() - to.getTime()).toBeLessThan(1_000);
    expect(seen).toHaveLength(2);
  });

  it('refuses to go back and changes nothing', async () => {
    const prefix = testQueuePrefix();
    const a = await join(prefix, 'a');
    const b = await join(prefix, 'b');
    const ran = jest.fn(async () => undefined);
    b.listeners.register('sweep', ran);
    const now = a.clock.now().getTime();
    await expect(a.clock.advance({ to: new Date(now - 60_000) })).rejects.toThrow(ClockBackwardsError);
    await expect(a.clock.advance({ byMs: -1 })).rejects.toThrow(/only moves forward/);
    expect(ran).not.toHaveBeenCalled();
    expect(Math.abs(b.clock.now().getTime() - now)).toBeLessThan(1_000);
  });

  it('keeps stands apart: another prefix does not move', async () => {
    const a = await join(testQueuePrefix(), 'a');
    const other = await join(testQueuePrefix(), 'other');
    expect((await a.clock.advance({ byMs: DAY })).processes).toBe(1);
    expect(Math.abs(other.clock.now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it('names the process and the listener that threw; the time has moved all the same', async () => {
    const prefix = testQueuePrefix();
    const a = await join(prefix, 'a');
    const b = await join(prefix, 'vacancies-worker');
    b.listeners.register('vacancies-expiry', async () => {
      throw new Error('database is down');
    });
    const before = a.clock.now().getTime();
    const error = await a.clock.advance({ byMs: DAY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClockMoveError);
    expect((error as Error).message).toMatch(
      new RegExp(`vacancies-worker#${process.pid}: vacancies-expiry: database is down`),
    );
    expect((error as ClockMoveError).processes).toBe(2);
    expect(b.clock.now().getTime() - before).toBeGreaterThanOrEqual(DAY);
  });

  it('names a listener that hangs and a process that never answers, within the timeout', async () => {
    const prefix = testQueuePrefix();
    const a = await join(prefix, 'a', { ackTimeoutMs: 1_000 });
    const b = await join(prefix, 'b');
    b.listeners.register('stuck', () => new Promise<void>(() => undefined));
    // A subscriber that follows nothing: named as a clock's subscription is, it never acknowledges.
    const ghost = new Redis(testRedisUrl(), { connectionName: `kezek-clock:${prefix}:ghost#1` });
    connections.push(ghost);
    await ghost.subscribe(`${prefix}:clock:moves`);
    const started = Date.now();
    const error = await a.clock.advance({ byMs: 1_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ClockMoveError);
    expect((error as Error).message).toMatch(new RegExp(`b#${process.pid}: stuck: did not finish within \\d+ ms`));
    expect((error as Error).message).toMatch(/1 of 3 processes did not answer within 1000 ms \(ghost#1\)/);
  });
});
