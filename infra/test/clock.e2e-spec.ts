import { randomBytes, randomUUID } from 'node:crypto';
import { ManualClock } from '@kezek/clock';
import { DemoPerson, demoPerson } from '@kezek/demo';
import { gql, tokenFor } from '@kezek/testing';
import { ClaimsApi, VacanciesApiClient } from '@kezek/vacancies-api';
import { startTestStack, TestStack } from './test-stack';

const HOUR = 3_600_000;

/**
 * One manual clock for the whole graph (CLOCK=manual, as the test stack runs): an ADMIN moves it
 * through the gateway, every service, worker and the gateway follow before the mutation returns,
 * and what fell due is processed by then. No test here waits for a real deadline.
 */
describe('the manual clock of the graph', () => {
  let running: TestStack;
  const secret = randomBytes(32).toString('base64url');
  const admin = demoPerson('admin');
  const parent = demoPerson('aigerim');

  /** A token signed at the stand's time, as identity's sign-in would give it now. */
  const bearer = async (p: DemoPerson) => ({
    authorization: `Bearer ${await tokenFor(
      { userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes },
      new ManualClock(await running.now()),
    )}`,
  });
  const advance = async (args: { by?: string; to?: string }, headers: Record<string, string>) =>
    gql<{ advanceClock: { now: string; processes: number } }>(
      running.url,
      'mutation($by: String, $to: String) { advanceClock(by: $by, to: $to) { now processes } }',
      args,
      headers,
    );
  /** What each process (four APIs, the queue's, vacancies' and notifications' workers, the gateway) says the time is, minus the host's time. */
  const offsets = async () =>
    Promise.all(
      running.stack.processes.map(async (p) => {
        const body = (await (await fetch(`${p.url}/health/clock`)).json()) as { now: string; manual: boolean };
        return { name: p.name, manual: body.manual, offset: new Date(body.now).getTime() - Date.now() };
      }),
    );
  /** As the ADMIN, signed in again at the stand's time: a move past the token's 15 minutes expires it. */
  const advanceAsAdmin = async (args: { by?: string; to?: string }) => advance(args, await bearer(admin));
  const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    running = await startTestStack({ workers: true, env: { INTERNAL_API_SECRET: secret }, onLine: () => undefined });
  });

  afterAll(() => running?.stop());

  it('tells anyone the time, and that it is manual', async () => {
    const answer = await gql<{ clock: { now: string; manual: boolean } }>(running.url, '{ clock { now manual } }');
    expect(answer.data!.clock.manual).toBe(true);
    expect(answer.data!.clock.now).toMatch(/\+05:00$/);
    expect(Math.abs(new Date(answer.data!.clock.now).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('moves every service, worker and the gateway at once; an old token is then expired everywhere', async () => {
    const admins = await bearer(admin);
    const before = await offsets();
    expect(before.map((p) => p.name).sort()).toEqual([
      'gateway',
      'identity',
      'notifications',
      'notifications-worker',
      'queue',
      'queue-worker',
      'vacancies',
      'vacancies-worker',
    ]);
    const moved = await advance({ by: 'PT25H' }, admins);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.advanceClock.processes).toBe(8);
    const after = await offsets();
    for (const p of after) {
      expect(p.manual).toBe(true);
      // Forward by 25 hours (give or take the milliseconds between the reads)…
      expect(p.offset - before.find((b) => b.name === p.name)!.offset).toBeGreaterThan(25 * HOUR - 2_000);
      expect(p.offset - before.find((b) => b.name === p.name)!.offset).toBeLessThan(25 * HOUR + 2_000);
    }
    // …and every process on the same time.
    const spread = Math.max(...after.map((p) => p.offset)) - Math.min(...after.map((p) => p.offset));
    expect(spread).toBeLessThan(1_000);
    // The token was issued 25 hours ago on the graph's clock: the gateway refuses it; a new sign-in works.
    expect(code(await gql(running.url, '{ me { iin } }', {}, admins))).toBe('UNAUTHENTICATED');
    expect((await gql(running.url, '{ me { iin } }', {}, await bearer(admin))).errors).toBeUndefined();
  });

  it('moves to an instant, and refuses to go back, a bad duration, neither or both, changing nothing', async () => {
    const now = await running.now();
    const to = new Date(now.getTime() + 2 * HOUR).toISOString();
    const moved = await advanceAsAdmin({ to });
    expect(moved.data!.advanceClock.processes).toBe(8);
    expect(new Date(moved.data!.advanceClock.now).getTime() - new Date(to).getTime()).toBeLessThan(2_000);
    const before = await offsets();
    const back = await advanceAsAdmin({ to: new Date(now.getTime()).toISOString() });
    expect(code(back)).toBe('VALIDATION_FAILED');
    expect(back.errors![0].message).toMatch(/only moves forward/);
    expect(code(await advanceAsAdmin({ by: 'three days' }))).toBe('VALIDATION_FAILED');
    expect(code(await advanceAsAdmin({ by: 'P1M' }))).toBe('VALIDATION_FAILED');
    expect(code(await advanceAsAdmin({}))).toBe('VALIDATION_FAILED');
    expect(code(await advanceAsAdmin({ by: 'P1D', to }))).toBe('VALIDATION_FAILED');
    const after = await offsets();
    for (const p of after)
      expect(Math.abs(p.offset - before.find((b) => b.name === p.name)!.offset)).toBeLessThan(1_000);
  });

  it('refuses anyone but an ADMIN, changing nothing', async () => {
    const before = await running.now();
    expect(code(await advance({ by: 'P1D' }, await bearer(parent)))).toBe('FORBIDDEN');
    expect(code(await advance({ by: 'P1D' }, await bearer(demoPerson('operator-astana'))))).toBe('FORBIDDEN');
    expect(code(await advance({ by: 'P1D' }, {}))).toBe('UNAUTHENTICATED');
    expect((await running.now()).getTime() - before.getTime()).toBeLessThan(60_000);
  });

  it('frees a pending claim and a hold exactly when the clock passes their expiry, not before', async () => {
    const groupYear = 2023;
    const free = async () => {
      const res = await gql<{
        kindergartens: Array<{ groups: Array<{ id: string; groupYear: number; freeSeats: number }> }>;
      }>(
        running.url,
        `{ kindergartens(regionId: "astana", groupYear: ${groupYear}) { groups { id groupYear freeSeats } } }`,
      );
      const groups = res.data!.kindergartens.flatMap((k) => k.groups).filter((g) => g.groupYear === groupYear);
      return { total: groups.reduce((n, g) => n + g.freeSeats, 0), groups };
    };
    const vacanciesUrl = running.stack.subgraphs.find((s) => s.name === 'vacancies')!.url.replace(/\/graphql$/, '');
    // queue's side of the claims API, its service tokens signed at the stand's time.
    const claims = async () =>
      new VacanciesApiClient({
        baseUrl: vacanciesUrl,
        secret,
        service: 'kezek-queue',
        clock: new ManualClock(await running.now()),
      });
    const start = await free();
    expect(start.total).toBeGreaterThan(2);
    const held = await (
      await claims()
    ).call(ClaimsApi.hold, {
      offerRoundId: `clock-${randomUUID()}`,
      areaId: 'astana',
      groupYear,
      count: 1,
      ttlSeconds: 3600,
    });
    expect(held.seats).toHaveLength(1);
    const group = start.groups.find((g) => g.freeSeats >= 2)!;
    const claimed = await (
      await claims()
    ).call(ClaimsApi.claim, { referralId: `clock-${randomUUID()}`, groupId: group.id, ttlSeconds: 1800 });
    const heldUntil = new Date(held.heldUntil!).getTime();
    const pendingUntil = new Date(claimed.seat.pendingUntil!).getTime();
    expect(heldUntil - pendingUntil).toBeGreaterThan(29 * 60_000);
    expect((await free()).total).toBe(start.total - 2);

    const to = (at: number) => advanceAsAdmin({ to: new Date(at).toISOString() });
    // A minute before the claim's expiry: nothing is freed.
    expect((await to(pendingUntil - 60_000)).errors).toBeUndefined();
    expect((await free()).total).toBe(start.total - 2);
    // Just past it: the claim's seat is free when the mutation returns; the hold still holds.
    expect((await to(pendingUntil + 1_000)).errors).toBeUndefined();
    expect((await free()).total).toBe(start.total - 1);
    expect((await to(heldUntil - 60_000)).errors).toBeUndefined();
    expect((await free()).total).toBe(start.total - 1);
    expect((await to(heldUntil + 1_000)).errors).toBeUndefined();
    expect((await free()).total).toBe(start.total);
  });
});
