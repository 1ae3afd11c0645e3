import { Client, Notification } from 'pg';
import { ManualClock } from '@kezek/clock';
import { recordEvent } from '@kezek/outbox';
import { ClaimService } from '../src/claim/claim.service';
import { SeatEvent, VACANCIES_SCHEMA } from '../src/seat/seat-events';
import { SeatRepository } from '../src/seat/seat.repository';
import { CLAIM_PENDING_TTL_SECONDS } from '@kezek/vacancies-api';
import { freeSeats, kindergartenWithGroup, outboxEvents, post, serviceToken, startVacancies } from './fixtures';

type Seat = { seatId: string; groupId: string; status: string; referralId: string | null; pendingUntil: string | null };
type Err = { code: string; messages: Record<string, string>; details?: Record<string, unknown>; message: string };

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
    Object.fromEntries(
      (
        await env.db.query(`SELECT status, count(*)::int AS n FROM seat WHERE group_id = $1 GROUP BY status`, [groupId])
      ).map((r: { status: string; n: number }) => [r.status, r.n]),
    );

  it('refuses callers without a valid service token with 401', async () => {
    const body = { referralId: 'r', groupId: '00000000-0000-4000-8000-000000000000' };
    expect((await post<Err>(env.url, 'claim', body)).status).toBe(401);
    expect(
      (await post<Err>(env.url, 'claim', body, await serviceToken(clock, 'another-secret-of-the-same-length-00000000')))
        .body.code,
    ).toBe('UNAUTHENTICATED');
    const stale = await serviceToken(clock);
    clock.advance(61_000);
    expect((await post<Err>(env.url, 'claim', body, stale)).status).toBe(401);
  });

  it('claims idempotently by referral, commits, releases and confirms', async () => {
    const { groupId } = await kindergartenWithGroup(env.db);
    await freeSeats(env.db, groupId, 2, clock.now());
    const first = await post<{ seat: Seat; replayed: boolean }>(
      env.url,
      'claim',
      { referralId: 'ref-1', groupId },
      token,
    );
    const pendingUntil = new Date(clock.now().getTime() + CLAIM_PENDING_TTL_SECONDS.default * 1000).toISOString();
    expect(first).toMatchObject({
      status: 200,
      body: { replayed: false, seat: { groupId, status: 'CLAIMED', referralId: 'ref-1', pendingUntil } },
    });
    const replay = await post<{ seat: Seat; replayed: boolean }>(
      env.url,
      'claim',
      { referralId: 'ref-1', groupId },
      token,
    );
    expect(replay.body).toMatchObject({ replayed: true, seat: { seatId: first.body.seat.seatId } });
    expect(await counts(groupId)).toEqual({ CLAIMED: 1, FREE: 1 });

    await post(env.url, 'claim', { referralId: 'ref-2', groupId }, token);
    const none = await post<Err>(env.url, 'claim', { referralId: 'ref-3', groupId }, token);
    expect(none).toMatchObject({
      status: 409,
      body: {
        code: 'NO_FREE_SEATS',
        messages: { kk: expect.any(String), ru: 'Свободных мест нет.', en: expect.any(String) },
      },
    });

    expect((await post(env.url, 'release', { referralId: 'ref-2' }, token)).body).toEqual({ released: 1 });
    expect((await post(env.url, 'release', { referralId: 'ref-2' }, token)).body).toEqual({ released: 0 });
    // A released referral never takes a seat again, even on a late replay.
    expect((await post<Err>(env.url, 'claim', { referralId: 'ref-2', groupId }, token)).body.code).toBe(
      'INVALID_STATE',
    );

    // Enrolment needs a committed claim; it never commits implicitly.
    const pending = await post<Err>(env.url, 'enrol', { referralId: 'ref-1' }, token);
    expect(pending).toMatchObject({
      status: 409,
      body: {
        code: 'INVALID_STATE',
        message: expect.stringContaining('commit it before enrolment'),
        details: { pendingUntil },
      },
    });
    expect((await post<{ seat: Seat }>(env.url, 'commit', { referralId: 'ref-1' }, token)).body.seat).toMatchObject({
      status: 'CLAIMED',
      pendingUntil: null,
    });
    const enrolled = await post<{ seat: Seat }>(env.url, 'enrol', { referralId: 'ref-1' }, token);
    expect(enrolled.body.seat).toMatchObject({ seatId: first.body.seat.seatId, status: 'ENROLLED' });
    expect((await post<{ seat: Seat }>(env.url, 'enrol', { referralId: 'ref-1' }, token)).body.seat.status).toBe(
      'ENROLLED',
    );
    expect((await post<Err>(env.url, 'release', { referralId: 'ref-1' }, token)).body.code).toBe('INVALID_STATE');
    // Committing an enrolled claim is a replay; a released referral cannot commit or enrol.
    expect(
      (await post<{ seat: Seat; replayed: boolean }>(env.url, 'commit', { referralId: 'ref-1' }, token)).body,
    ).toMatchObject({ replayed: true, seat: { status: 'ENROLLED' } });
    expect((await post<Err>(env.url, 'commit', { referralId: 'ref-2' }, token)).body).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'REFERRAL' },
    });
    expect((await post<Err>(env.url, 'enrol', { referralId: 'ref-2' }, token)).body.code).toBe('INVALID_STATE');
    expect(await counts(groupId)).toEqual({ ENROLLED: 1, FREE: 1 });

    const types = (await outboxEvents(env.db)).filter((e) => e.payload.groupId === groupId).map((e) => e.type);
    expect(types).toEqual(['SeatClaimed', 'SeatClaimed', 'SeatsReleased', 'SeatEnrolled']);
  });

  it('validates requests and refuses a referral claiming in a second group', async () => {
    const a = await kindergartenWithGroup(env.db);
    const b = await kindergartenWithGroup(env.db);
    await freeSeats(env.db, a.groupId, 1, clock.now());
    await freeSeats(env.db, b.groupId, 1, clock.now());
    expect((await post<Err>(env.url, 'claim', { referralId: '', groupId: 'x' }, token)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await post<Err>(env.url, 'release', { referralId: 'r', offerRoundId: 'o' }, token)).status).toBe(400);
    for (const ttlSeconds of [0, CLAIM_PENDING_TTL_SECONDS.min - 1, CLAIM_PENDING_TTL_SECONDS.max + 1, 1.5, '60']) {
      expect(
        (await post<Err>(env.url, 'claim', { referralId: 'ref-ttl', groupId: a.groupId, ttlSeconds }, token)).body.code,
      ).toBe('VALIDATION_FAILED');
    }
    expect((await post<Err>(env.url, 'commit', {}, token)).body.code).toBe('VALIDATION_FAILED');
    expect(await post<Err>(env.url, 'commit', { referralId: 'ref-nobody' }, token)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(
      await post<Err>(
        env.url,
        'claim',
        { referralId: 'ref-no-group', groupId: '00000000-0000-4000-8000-000000000000' },
        token,
      ),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    await post(env.url, 'claim', { referralId: 'ref-two-groups', groupId: a.groupId }, token);
    expect(
      (await post<Err>(env.url, 'claim', { referralId: 'ref-two-groups', groupId: b.groupId }, token)).body.code,
    ).toBe('INVALID_STATE');
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
    expect(
      (await post<{ seats: Seat[] }>(env.url, 'hold', hold, token)).body.seats.map((s) => s.seatId).sort(),
    ).toEqual(held.body.seats.map((s) => s.seatId).sort());
    expect(await counts(privateOne.groupId)).toEqual({ FREE: 2 });

    // A claim of the round takes its held seat before a free one, even a free one published earlier.
    const heldInB = held.body.seats.find((s) => s.groupId === b.groupId) ?? held.body.seats[0];
    const [older] = await env.db.query(
      `INSERT INTO seat (group_id, status, published_at) VALUES ($1, 'FREE', $2) RETURNING id`,
      [heldInB.groupId, new Date(clock.now().getTime() - 3_600_000)],
    );
    const claimed = await post<{ seat: Seat }>(
      env.url,
      'claim',
      { referralId: 'ref-round', groupId: heldInB.groupId, offerRoundId: 'round-1' },
      token,
    );
    // (Both held seats may be in b: the claim takes either, so compare with the round's seats there.)
    expect(held.body.seats.filter((s) => s.groupId === heldInB.groupId).map((s) => s.seatId)).toContain(
      claimed.body.seat.seatId,
    );
    await env.db.query(`DELETE FROM seat WHERE id = $1 AND status = 'FREE'`, [older.id]);

    // The caller crashes; a minute short of the TTL nothing moves, after it the holds are free again.
    const claims = new ClaimService(env.db.manager.connection, clock, new SeatRepository());
    clock.advance(540_000);
    expect(await claims.releaseExpired()).toEqual({ holds: 0, claims: 0 });
    clock.advance(61_000);
    expect(await claims.releaseExpired()).toEqual({ holds: 1, claims: 0 });
    expect((await env.db.query(`SELECT count(*)::int AS n FROM seat WHERE status = 'HELD'`))[0].n).toBe(0);
    expect(
      (await outboxEvents(env.db)).filter((e) => e.type === 'SeatsReleased' && e.payload.offerRoundId === 'round-1'),
    ).toEqual([{ type: 'SeatsReleased', payload: expect.objectContaining({ reason: 'HOLD_EXPIRED', count: 1 }) }]);

    token = await serviceToken(clock);
    // A late replay of the round holds nothing fresh; the same round id with fewer seats, or in
    // another group year, is refused.
    expect((await post<{ seats: Seat[] }>(env.url, 'hold', hold, token)).body.seats).toEqual([]);
    expect((await env.db.query(`SELECT count(*)::int AS n FROM seat WHERE status = 'HELD'`))[0].n).toBe(0);
    expect((await post<Err>(env.url, 'hold', { ...hold, count: hold.count - 1 }, token)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await post<Err>(env.url, 'hold', { ...hold, groupYear: hold.groupYear - 1 }, token)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    // A replay asking for more holds the difference only (the queue merged publications meanwhile).
    const grown = await post<{ seats: Seat[] }>(env.url, 'hold', { ...hold, count: hold.count + 1 }, token);
    expect(grown.body.seats).toHaveLength(1);
    expect((await post(env.url, 'release', { offerRoundId: 'round-1' }, token)).body).toEqual({ released: 1 });
    const again = await post<{ seats: Seat[] }>(env.url, 'hold', { ...hold, offerRoundId: 'round-2', count: 5 }, token);
    expect(again.body.seats).toHaveLength(2);
    expect((await post(env.url, 'release', { offerRoundId: 'round-2' }, token)).body).toEqual({ released: 2 });
    // The area may be the region: the same state seats of its districts.
    const byRegion = await post<{ seats: Seat[] }>(
      env.url,
      'hold',
      { ...hold, offerRoundId: 'round-3', areaId: 'astana', count: 5 },
      token,
    );
    expect(byRegion.body.seats.map((s) => s.seatId).sort()).toEqual(again.body.seats.map((s) => s.seatId).sort());
    expect((await post(env.url, 'release', { offerRoundId: 'round-3' }, token)).body).toEqual({ released: 2 });
  });

  it('holds seats once for simultaneous first holds of one round', async () => {
    const area = 'astana-esil';
    const { groupId } = await kindergartenWithGroup(env.db, { districtId: area, groupYear: 2022 });
    await freeSeats(env.db, groupId, 10, clock.now());
    const hold = { offerRoundId: 'round-race', areaId: area, groupYear: 2022, count: 3, ttlSeconds: 600 };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => post<{ seats: Seat[] }>(env.url, 'hold', hold, token)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    // Other tests' free seats of the area may be held too: count the round's seats, wherever they are.
    expect(
      (
        await env.db.query(
          `SELECT count(*)::int AS n FROM seat WHERE offer_round_id = 'round-race' AND status = 'HELD'`,
        )
      )[0].n,
    ).toBe(3);
    for (const r of results) expect(r.body.seats).toHaveLength(3);
  });

  it('gives concurrent first claims of one referral one seat, the others replaying it', async () => {
    const { groupId } = await kindergartenWithGroup(env.db);
    await freeSeats(env.db, groupId, 5, clock.now());
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId: 'ref-twice', groupId }, token),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.seat.seatId)).size).toBe(1);
    expect(results.filter((r) => !r.body.replayed)).toHaveLength(1);
    expect(await counts(groupId)).toEqual({ CLAIMED: 1, FREE: 4 });
    expect(
      (await outboxEvents(env.db)).filter((e) => e.type === 'SeatClaimed' && e.payload.groupId === groupId),
    ).toHaveLength(1);
  });

  describe('two-phase claims', () => {
    const claims = () => new ClaimService(env.db.manager.connection, clock, new SeatRepository());
    const released = async (referralId: string) =>
      (await env.db.query(`SELECT reason FROM released_referral WHERE referral_id = $1`, [referralId]))[0]?.reason as
        string | undefined;

    beforeEach(async () => {
      // Claims earlier tests left pending are swept first, so the reconciler's counts below are the test's own.
      clock.advance(CLAIM_PENDING_TTL_SECONDS.max * 1000);
      await claims().releaseExpired();
      token = await serviceToken(clock);
    });

    it('frees a claim left pending past its TTL for good, and never a committed one', async () => {
      const { groupId } = await kindergartenWithGroup(env.db);
      await freeSeats(env.db, groupId, 3, clock.now());
      const t0 = clock.now().getTime();
      const claim = (referralId: string, ttlSeconds?: number) =>
        post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId, groupId, ttlSeconds }, token);

      expect((await claim('ref-commit')).body.seat.pendingUntil).toBe(new Date(t0 + 900_000).toISOString());
      expect((await claim('ref-crash', 120)).body.seat.pendingUntil).toBe(new Date(t0 + 120_000).toISOString());
      expect((await claim('ref-late', 300)).body.seat.pendingUntil).toBe(new Date(t0 + 300_000).toISOString());
      // A replay returns the claim as it is: its ttlSeconds moves no expiry.
      expect((await claim('ref-crash', 3600)).body).toMatchObject({
        replayed: true,
        seat: { pendingUntil: new Date(t0 + 120_000).toISOString() },
      });

      // Commit is idempotent.
      const committed = await post<{ seat: Seat; replayed: boolean }>(
        env.url,
        'commit',
        { referralId: 'ref-commit' },
        token,
      );
      expect(committed).toMatchObject({
        status: 200,
        body: { replayed: false, seat: { status: 'CLAIMED', referralId: 'ref-commit', pendingUntil: null } },
      });
      const again = await post<{ seat: Seat; replayed: boolean }>(
        env.url,
        'commit',
        { referralId: 'ref-commit' },
        token,
      );
      expect(again.body).toEqual({ replayed: true, seat: committed.body.seat });
      expect((await claim('ref-commit')).body).toMatchObject({
        replayed: true,
        seat: { seatId: committed.body.seat.seatId, pendingUntil: null },
      });

      // A second short of the TTL nothing moves; at it, the crashed caller's claim is freed.
      clock.advance(119_000);
      expect(await claims().releaseExpired()).toEqual({ holds: 0, claims: 0 });
      clock.advance(1_000);
      expect(await claims().releaseExpired()).toEqual({ holds: 0, claims: 1 });
      expect(await counts(groupId)).toEqual({ CLAIMED: 2, FREE: 1 });
      expect(await released('ref-crash')).toBe('CLAIM_EXPIRED');
      expect(
        (await outboxEvents(env.db)).filter((e) => e.type === 'SeatsReleased' && e.payload.groupId === groupId),
      ).toEqual([
        { type: 'SeatsReleased', payload: { groupId, count: 1, reason: 'CLAIM_EXPIRED', referralId: 'ref-crash' } },
      ]);

      // Its late commit is told why; its late replay never claims again, not even the seat it had.
      token = await serviceToken(clock);
      const late = await post<Err>(env.url, 'commit', { referralId: 'ref-crash' }, token);
      expect(late).toMatchObject({
        status: 409,
        body: { code: 'INVALID_STATE', details: { reason: 'CLAIM_EXPIRED', releasedAt: clock.now().toISOString() } },
      });
      expect(late.body.message).toMatch(/pending claim of referral ref-crash was not committed in time/);
      expect((await post<Err>(env.url, 'claim', { referralId: 'ref-crash', groupId }, token)).body).toMatchObject({
        code: 'INVALID_STATE',
        details: { reason: 'CLAIM_EXPIRED' },
      });
      expect((await post<Err>(env.url, 'enrol', { referralId: 'ref-crash' }, token)).body.code).toBe('INVALID_STATE');
      expect((await post(env.url, 'release', { referralId: 'ref-crash' }, token)).body).toEqual({ released: 0 });
      expect(await counts(groupId)).toEqual({ CLAIMED: 2, FREE: 1 });

      // Past its deadline but before the reconciler reaches it, a commit still wins the seat.
      clock.advance(200_000);
      token = await serviceToken(clock);
      expect(
        (await post<{ seat: Seat; replayed: boolean }>(env.url, 'commit', { referralId: 'ref-late' }, token)).body,
      ).toMatchObject({ replayed: false, seat: { pendingUntil: null } });

      // Committed claims outlive every deadline.
      clock.advance(CLAIM_PENDING_TTL_SECONDS.max * 1000);
      expect(await claims().releaseExpired()).toEqual({ holds: 0, claims: 0 });
      expect(await counts(groupId)).toEqual({ CLAIMED: 2, FREE: 1 });
      token = await serviceToken(clock);
      expect((await post<{ seat: Seat }>(env.url, 'enrol', { referralId: 'ref-late' }, token)).body.seat.status).toBe(
        'ENROLLED',
      );
      expect((await outboxEvents(env.db)).filter((e) => e.payload.groupId === groupId).map((e) => e.type)).toEqual([
        'SeatClaimed',
        'SeatClaimed',
        'SeatClaimed',
        'SeatsReleased',
        'SeatEnrolled',
      ]);
    });

    it('lets exactly one of a commit and the reconciler win an expired pending claim', async () => {
      const { groupId } = await kindergartenWithGroup(env.db, { capacity: 50 });
      await freeSeats(env.db, groupId, 50, clock.now());
      const referrals = Array.from({ length: 50 }, (_, i) => `ref-duel-${i}`);
      for (const referralId of referrals)
        expect((await post(env.url, 'claim', { referralId, groupId, ttlSeconds: 10 }, token)).status).toBe(200);
      clock.advance(10_000);
      token = await serviceToken(clock);

      const reconciler = claims();
      const [commits, sweeps] = await Promise.all([
        Promise.all(referrals.map((referralId) => post<{ code?: string }>(env.url, 'commit', { referralId }, token))),
        Promise.all(Array.from({ length: 5 }, () => reconciler.releaseExpired(3))),
      ]);
      const won = referrals.filter((_, i) => commits[i].status === 200);
      const lost = referrals.filter((_, i) => commits[i].status === 409 && commits[i].body.code === 'INVALID_STATE');
      expect(won.length + lost.length).toBe(50);
      for (;;) {
        const more = await reconciler.releaseExpired(3);
        sweeps.push(more);
        if (more.claims === 0) break;
      }
      expect(sweeps.reduce((n, s) => n + s.claims, 0)).toBe(lost.length);
      expect(await counts(groupId)).toEqual(
        Object.fromEntries(Object.entries({ CLAIMED: won.length, FREE: lost.length }).filter(([, n]) => n > 0)),
      );
      const [{ pending }] = await env.db.query(
        `SELECT count(*)::int AS pending FROM seat WHERE group_id = $1 AND pending_until IS NOT NULL`,
        [groupId],
      );
      expect(pending).toBe(0);
      const freed = await env.db.query(
        `SELECT referral_id FROM released_referral WHERE reason = 'CLAIM_EXPIRED' AND referral_id = ANY($1) ORDER BY referral_id`,
        [referrals],
      );
      expect(freed.map((r: { referral_id: string }) => r.referral_id)).toEqual([...lost].sort());
    });
  });

  describe('the one-statement claim and its careful path', () => {
    const claimService = () => new ClaimService(env.db.manager.connection, clock, new SeatRepository());
    const claimedEvents = async (groupId: string) =>
      (await outboxEvents(env.db)).filter((e) => e.type === 'SeatClaimed' && e.payload.groupId === groupId);
    /** Resolves once `n` sessions of the test database wait for a row lock. */
    const lockWaiters = async (n: number) => {
      for (;;) {
        const [{ waiting }] = await env.db.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (waiting >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    it("records SeatClaimed with the seat in the claim's own statement, the round's held seat first", async () => {
      const { groupId } = await kindergartenWithGroup(env.db);
      await freeSeats(env.db, groupId, 3, clock.now());
      const [[{ id: heldId }]] = await env.db.query(
        `UPDATE seat SET status = 'HELD', offer_round_id = 'round-one', held_until = $2
          WHERE id = (SELECT id FROM seat WHERE group_id = $1 ORDER BY id DESC LIMIT 1) RETURNING id`,
        [groupId, new Date(clock.now().getTime() + 60_000)],
      );
      const res = await post<{ seat: Seat & { offerRoundId: string } }>(
        env.url,
        'claim',
        { referralId: 'ref-one', groupId, offerRoundId: 'round-one' },
        token,
      );
      expect(res.body.seat).toMatchObject({ seatId: heldId, status: 'CLAIMED', offerRoundId: 'round-one' });
      const free = await post<{ seat: Seat }>(env.url, 'claim', { referralId: 'ref-two', groupId }, token);
      expect(await claimedEvents(groupId)).toEqual([
        {
          type: 'SeatClaimed',
          payload: { seatId: heldId, groupId, referralId: 'ref-one', offerRoundId: 'round-one' },
        },
        {
          type: 'SeatClaimed',
          payload: { seatId: free.body.seat.seatId, groupId, referralId: 'ref-two', offerRoundId: null },
        },
      ]);
      // Nobody subscribes to SeatClaimed: recorded published, it never wakes the relay (whose NOTIFY serialises commits).
      const [{ unpublished }] = await env.db.query(
        `SELECT count(*)::int AS unpublished FROM outbox WHERE type = 'SeatClaimed' AND published_at IS NULL`,
      );
      expect(unpublished).toBe(0);
    });

    it('never wakes the outbox relay for a claim, and still does for an event with subscribers', async () => {
      const { groupId } = await kindergartenWithGroup(env.db);
      await freeSeats(env.db, groupId, 2, clock.now());
      const listener = new Client({ connectionString: (env.db.options as { url: string }).url });
      await listener.connect();
      const heard: Notification[] = [];
      listener.on('notification', (n) => heard.push(n));
      await listener.query(`LISTEN vacancies_outbox`);
      // A NOTIFY reaches the listener after its commit; a round trip on the listener lets it arrive.
      const notified = async () => {
        await new Promise((r) => setTimeout(r, 100));
        await listener.query('SELECT 1');
        return heard.splice(0).length;
      };
      try {
        expect((await post(env.url, 'claim', { referralId: 'ref-quiet', groupId }, token)).status).toBe(200);
        expect(await notified()).toBe(0);
        await env.db.transaction((tx) =>
          recordEvent(tx, VACANCIES_SCHEMA, {
            type: SeatEvent.Published,
            aggregateId: groupId,
            payload: { groupId, count: 0 },
            occurredAt: clock.now(),
          }),
        );
        expect(await notified()).toBe(1);
      } finally {
        await listener.end();
      }
    });

    it('claims nothing in one statement for a referral that holds or held a seat, even with seats free', async () => {
      const { groupId } = await kindergartenWithGroup(env.db);
      const other = (await kindergartenWithGroup(env.db)).groupId;
      await freeSeats(env.db, groupId, 4, clock.now());
      await freeSeats(env.db, other, 1, clock.now());
      const repository = new SeatRepository();
      const terms = (referralId: string) => ({
        referralId,
        claimedAt: clock.now(),
        pendingUntil: new Date(clock.now().getTime() + 60_000),
      });
      const oneStatement = (referralId: string, group = groupId) =>
        repository.claimUnlessKnown(env.db.manager, group, null, terms(referralId));

      expect(await oneStatement('ref-holds')).toMatchObject({ status: 'CLAIMED', referralId: 'ref-holds' });
      expect((await post(env.url, 'claim', { referralId: 'ref-gone', groupId }, token)).status).toBe(200);
      expect((await post(env.url, 'release', { referralId: 'ref-gone' }, token)).body).toEqual({ released: 1 });
      const before = await env.db.query(`SELECT * FROM seat WHERE group_id = ANY($1) ORDER BY id`, [[groupId, other]]);

      expect(await oneStatement('ref-holds')).toBeUndefined();
      expect(await oneStatement('ref-holds', other)).toBeUndefined();
      expect(await oneStatement('ref-gone')).toBeUndefined();
      expect(await env.db.query(`SELECT * FROM seat WHERE group_id = ANY($1) ORDER BY id`, [[groupId, other]])).toEqual(
        before,
      );
      expect((await claimedEvents(groupId)).map((e) => e.payload.referralId)).toEqual(['ref-holds', 'ref-gone']);
      expect(await claimedEvents(other)).toEqual([]);
    });

    it('waits for a locked last seat: takes it if its locker rolls back, NO_FREE_SEATS if the locker claims it', async () => {
      for (const lockerCommits of [false, true]) {
        const { groupId } = await kindergartenWithGroup(env.db);
        await freeSeats(env.db, groupId, 1, clock.now());
        const locker = env.db.createQueryRunner();
        await locker.connect();
        await locker.startTransaction();
        try {
          const [{ id: seatId }] = await locker.query(`SELECT id FROM seat WHERE group_id = $1 FOR UPDATE`, [groupId]);
          const claim = claimService()
            .claim({ referralId: `ref-waits-${lockerCommits}`, groupId })
            .then(
              (r) => ({ ok: r }),
              (e: { code?: string }) => ({ refused: e.code }),
            );
          await lockWaiters(1); // the one statement skipped the locked seat; the careful path waits for it
          if (lockerCommits) {
            await locker.query(
              `UPDATE seat SET status = 'CLAIMED', referral_id = 'ref-locker', claimed_at = now() WHERE id = $1`,
              [seatId],
            );
            await locker.commitTransaction();
            expect(await claim).toEqual({ refused: 'NO_FREE_SEATS' });
            expect(await claimedEvents(groupId)).toEqual([]);
          } else {
            await locker.rollbackTransaction();
            expect(await claim).toMatchObject({ ok: { replayed: false, seat: { seatId, status: 'CLAIMED' } } });
            expect((await claimedEvents(groupId)).map((e) => e.payload)).toEqual([
              { seatId, groupId, referralId: 'ref-waits-false', offerRoundId: null },
            ]);
          }
        } finally {
          await locker.release();
        }
      }
    });

    it('gives the last seats of a group to as many concurrent claims, never two on one seat', async () => {
      const { groupId } = await kindergartenWithGroup(env.db);
      await freeSeats(env.db, groupId, 3, clock.now());
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          claimService()
            .claim({ referralId: `ref-last-${i % 6}`, groupId })
            .then(
              (r) => ({ seatId: r.seat.seatId, referralId: r.seat.referralId }),
              (e: { code?: string }) => ({ refused: e.code }),
            ),
        ),
      );
      const won = results.filter((r): r is { seatId: string; referralId: string } => 'seatId' in r);
      const seatsOf = new Map(won.map((r) => [r.referralId, r.seatId]));
      // Each referral asked twice: its twin replays its seat or is refused with it.
      expect(seatsOf.size).toBe(3);
      expect(new Set(seatsOf.values()).size).toBe(3);
      for (const r of won) expect(r.seatId).toBe(seatsOf.get(r.referralId));
      expect(results.filter((r) => 'refused' in r).every((r) => 'refused' in r && r.refused === 'NO_FREE_SEATS')).toBe(
        true,
      );
      expect(await counts(groupId)).toEqual({ CLAIMED: 3 });
      expect(await claimedEvents(groupId)).toHaveLength(3);
    });
  });

  it('gives 100 seats to exactly 100 of 1,000 concurrent claims, each on its own connection', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 100 });
    await freeSeats(env.db, groupId, 100, clock.now());
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        post<{ seat?: Seat; code?: string }>(env.url, 'claim', { referralId: `race-${i}`, groupId }, token),
      ),
    );
    const elapsed = Date.now() - started;
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409 && r.body.code === 'NO_FREE_SEATS');
    expect([won.length, lost.length]).toEqual([100, 900]);
    expect(new Set(won.map((r) => r.body.seat!.seatId)).size).toBe(100);
    expect(await counts(groupId)).toEqual({ CLAIMED: 100 });
    const [{ claimed, referrals }] = await env.db.query(
      `SELECT count(*)::int AS claimed, count(DISTINCT referral_id)::int AS referrals FROM seat WHERE group_id = $1 AND status = 'CLAIMED'`,
      [groupId],
    );
    expect([claimed, referrals]).toEqual([100, 100]);
    expect(
      (await outboxEvents(env.db)).filter((e) => e.type === 'SeatClaimed' && e.payload.groupId === groupId),
    ).toHaveLength(100);

    // Replays, concurrent too, return the same seats and take nothing more.
    const winners = won.map((r) => r.body.seat!);
    const replays = await Promise.all(
      winners.map((s) =>
        post<{ seat: Seat; replayed: boolean }>(env.url, 'claim', { referralId: s.referralId, groupId }, token),
      ),
    );
    expect(replays.map((r) => r.body.seat.seatId)).toEqual(winners.map((s) => s.seatId));
    expect(replays.every((r) => r.body.replayed)).toBe(true);
    expect(await counts(groupId)).toEqual({ CLAIMED: 100 });
    process.stderr.write(`race: 1000 claims on 100 seats in ${elapsed} ms\n`);
  });
});
