import { ManualClock } from '@kezek/clock';
import { ClaimService } from '../src/claim/claim.service';
import { freeSeats, kindergartenWithGroup, outboxEvents, post, serviceToken, startVacancies } from './fixtures';

type Seat = { seatId: string; groupId: string; status: string; referralId: string | null };
type Err = { code: string; messages: Record<string, string> };

describe('claims API on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  let token: string;

  beforeAll(async () => {
    env = await startVacancies(clock);
  });
  beforeEach(async () => {
    token = await serviceToken(clock);
  });
  afterAll(() => env?.close());

  const counts = async (groupId: string) =>
    Object.fromEntries((await env.db.query(`SELECT status, count(*)::int AS n FROM seat WHERE group_id = $1 GROUP BY status`, [groupId])).map((r: { status: string; n: number }) => [r.status, r.n]));

  it('refuses callers without a valid service token with 401', async () => {
    const body = { referralId: 'r', groupId: '00000000-0000-4000-8000-000000000000' };
    expect((await post<Err>(env.url, 'claim', body)).status).toBe(401);
    expect((await post<Err>(env.url, 'claim', body, await serviceToken(clock, 'another-secret-of-the-same-length-00000000'))).body.code).toBe('UNAUTHENTICATED');
    const stale = await serviceToken(clock);
    clock.advance(61_000);
    expect((await post<Err>(env.url, 'claim', body, stale)).status).toBe(401);
  });

  it('claims idempotently by referral, releases and confirms', async () => {
    const { groupId } = await kindergartenWithGroup(env.db);
    await freeSeats(env.db, groupId, 2, clock.now());
    const first = await post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId: 'ref-1', groupId }, token);
    expect(first).toMatchObject({ status: 200, body: { replayed: false, seat: { groupId, status: 'CLAIMED', referralId: 'ref-1' } } });
    const replay = await post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId: 'ref-1', groupId }, token);
    expect(replay.body).toMatchObject({ replayed: true, seat: { seatId: first.body.seat.seatId } });
    expect(await counts(groupId)).toEqual({ CLAIMED: 1, FREE: 1 });

    await post(env.url, 'claim', { referralId: 'ref-2', groupId }, token);
    const none = await post<Err>(env.url, 'claim', { referralId: 'ref-3', groupId }, token);
    expect(none).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS', messages: { kk: expect.any(String), ru: 'Свободных мест нет.', en: expect.any(String) } } });

    expect((await post(env.url, 'release', { referralId: 'ref-2' }, token)).body).toEqual({ released: 1 });
    expect((await post(env.url, 'release', { referralId: 'ref-2' }, token)).body).toEqual({ released: 0 });
    // A released referral never takes a seat again, even on a late replay.
    expect((await post<Err>(env.url, 'claim', { referralId: 'ref-2', groupId }, token)).body.code).toBe('INVALID_STATE');

    const enrolled = await post<{ seat: Seat }>(env.url, 'confirm', { referralId: 'ref-1' }, token);
    expect(enrolled.body.seat).toMatchObject({ seatId: first.body.seat.seatId, status: 'ENROLLED' });
    expect((await post<{ seat: Seat }>(env.url, 'confirm', { referralId: 'ref-1' }, token)).body.seat.status).toBe('ENROLLED');
    expect((await post<Err>(env.url, 'release', { referralId: 'ref-1' }, token)).body.code).toBe('INVALID_STATE');
    expect(await counts(groupId)).toEqual({ ENROLLED: 1, FREE: 1 });

    const types = (await outboxEvents(env.db)).filter((e) => e.payload.groupId === groupId).map((e) => e.type);
    expect(types).toEqual(['SeatClaimed', 'SeatClaimed', 'SeatsReleased', 'SeatEnrolled']);
  });

  it('validates requests and refuses a referral claiming in a second group', async () => {
    const a = await kindergartenWithGroup(env.db);
    const b = await kindergartenWithGroup(env.db);
    await freeSeats(env.db, a.groupId, 1, clock.now());
    await freeSeats(env.db, b.groupId, 1, clock.now());
    expect((await post<Err>(env.url, 'claim', { referralId: '', groupId: 'x' }, token)).body.code).toBe('VALIDATION_FAILED');
    expect((await post<Err>(env.url, 'release', { referralId: 'r', offerRoundId: 'o' }, token)).status).toBe(400);
    await post(env.url, 'claim', { referralId: 'ref-two-groups', groupId: a.groupId }, token);
    expect((await post<Err>(env.url, 'claim', { referralId: 'ref-two-groups', groupId: b.groupId }, token)).body.code).toBe('INVALID_STATE');
    expect(await counts(b.groupId)).toEqual({ FREE: 1 });
  });

  it('holds seats for an offer round, lets the round claim them, and frees stale holds after the TTL', async () => {
    const area = 'astana-almaty';
    const a = await kindergartenWithGroup(env.db, { districtId: area, groupYear: 2021 });
    const b = await kindergartenWithGroup(env.db, { districtId: area, groupYear: 2021 });
    const privateOne = await kindergartenWithGroup(env.db, { districtId: area, groupYear: 2021, isState: false });
    await freeSeats(env.db, a.groupId, 1, clock.now());
    await freeSeats(env.db, b.groupId, 2, clock.now());
    await freeSeats(env.db, privateOne.groupId, 2, clock.now());

    const hold = { offerRoundId: 'round-1', areaId: area, groupYear: 2021, count: 2, ttlSeconds: 600 };
    const held = await post<{ seats: Seat[]; heldUntil: string }>(env.url, 'hold', hold, token);
    expect(held.body.seats).toHaveLength(2);
    expect(held.body.heldUntil).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    expect((await post<{ seats: Seat[] }>(env.url, 'hold', hold, token)).body.seats.map((s) => s.seatId).sort()).toEqual(held.body.seats.map((s) => s.seatId).sort());
    expect(await counts(privateOne.groupId)).toEqual({ FREE: 2 });

    // A claim of the round takes its held seat before a free one.
    const heldInB = held.body.seats.find((s) => s.groupId === b.groupId) ?? held.body.seats[0];
    const claimed = await post<{ seat: Seat }>(env.url, 'claim', { referralId: 'ref-round', groupId: heldInB.groupId, offerRoundId: 'round-1' }, token);
    expect(claimed.body.seat.seatId).toBe(heldInB.seatId);

    // The caller crashes; a minute short of the TTL nothing moves, after it the holds are free again.
    const claims = new ClaimService(env.db.manager.connection, clock);
    clock.advance(540_000);
    expect(await claims.releaseExpiredHolds()).toBe(0);
    clock.advance(61_000);
    expect(await claims.releaseExpiredHolds()).toBe(1);
    expect((await env.db.query(`SELECT count(*)::int AS n FROM seat WHERE status = 'HELD'`))[0].n).toBe(0);
    expect((await outboxEvents(env.db)).filter((e) => e.type === 'SeatsReleased' && e.payload.offerRoundId === 'round-1')).toEqual([
      { type: 'SeatsReleased', payload: expect.objectContaining({ reason: 'HOLD_EXPIRED', count: 1 }) },
    ]);

    token = await serviceToken(clock);
    const again = await post<{ seats: Seat[] }>(env.url, 'hold', { ...hold, offerRoundId: 'round-2', count: 5 }, token);
    expect(again.body.seats).toHaveLength(2);
    expect((await post(env.url, 'release', { offerRoundId: 'round-2' }, token)).body).toEqual({ released: 2 });
  });

  it('gives 100 seats to exactly 100 of 1,000 concurrent claims, each on its own connection', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 100 });
    await freeSeats(env.db, groupId, 100, clock.now());
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => post<{ seat?: Seat; code?: string }>(env.url, 'claim', { referralId: `race-${i}`, groupId }, token)));
    const elapsed = Date.now() - started;
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409 && r.body.code === 'NO_FREE_SEATS');
    expect([won.length, lost.length]).toEqual([100, 900]);
    expect(new Set(won.map((r) => r.body.seat!.seatId)).size).toBe(100);
    expect(await counts(groupId)).toEqual({ CLAIMED: 100 });
    const [{ claimed, referrals }] = await env.db.query(`SELECT count(*)::int AS claimed, count(DISTINCT referral_id)::int AS referrals FROM seat WHERE group_id = $1 AND status = 'CLAIMED'`, [groupId]);
    expect([claimed, referrals]).toEqual([100, 100]);
    expect((await outboxEvents(env.db)).filter((e) => e.type === 'SeatClaimed' && e.payload.groupId === groupId)).toHaveLength(100);

    // Replays, concurrent too, return the same seats and take nothing more.
    const winners = won.map((r) => r.body.seat!);
    const replays = await Promise.all(winners.map((s) => post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId: s.referralId, groupId }, token)));
    expect(replays.map((r) => r.body.seat.seatId)).toEqual(winners.map((s) => s.seatId));
    expect(replays.every((r) => r.body.replayed)).toBe(true);
    expect(await counts(groupId)).toEqual({ CLAIMED: 100 });
    process.stderr.write(`race: 1000 claims on 100 seats in ${elapsed} ms\n`);
  });
});
