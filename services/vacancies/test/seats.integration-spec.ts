import { Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { gql, tokenFor } from '@kezek/testing';
import { freeSeats, kindergartenWithGroup, outboxEvents, startVacancies } from './fixtures';

const PUBLISH = `mutation($groupId: ID!, $count: Int!, $requestId: ID) { publishSeats(groupId: $groupId, count: $count, requestId: $requestId) { id capacity freeSeats } }`;

describe('publishing seats and the seat invariants on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  beforeAll(async () => {
    env = await startVacancies(clock);
  });
  afterAll(() => env?.close());

  const as = async (roles: Role[], scopes?: { regionIds?: string[] }) => ({
    authorization: `Bearer ${await tokenFor({ userId: '33333333-3333-4333-8333-333333333333', roles, scopes }, clock)}`,
  });
  const seatCount = async (groupId: string) =>
    (await env.db.query(`SELECT count(*)::int AS n FROM seat WHERE group_id = $1`, [groupId]))[0].n as number;

  it('lets the region operator and an admin publish, emitting SeatsPublished with the seats', async () => {
    const { groupId, kindergartenId } = await kindergartenWithGroup(env.db, { capacity: 10 });
    const operator = await as([Role.DISTRICT_OPERATOR], { regionIds: ['astana'] });
    const res = await gql(env.graphql, PUBLISH, { groupId, count: 3 }, operator);
    // Published seats await their offer round (R10): nobody's free choice, so not counted free yet.
    expect(res.data).toEqual({ publishSeats: { id: groupId, capacity: 10, freeSeats: 0 } });
    expect((await gql(env.graphql, PUBLISH, { groupId, count: 2 }, await as([Role.ADMIN]))).data).toEqual({
      publishSeats: { id: groupId, capacity: 10, freeSeats: 0 },
    });
    expect(await seatCount(groupId)).toBe(5);
    const events = (await outboxEvents(env.db)).filter((e) => e.payload.groupId === groupId);
    expect(events).toEqual([
      {
        type: 'SeatsPublished',
        payload: {
          groupId,
          kindergartenId,
          regionId: 'astana',
          districtId: 'astana-esil',
          groupYear: 2022,
          language: 'KK',
          count: 3,
        },
      },
      { type: 'SeatsPublished', payload: expect.objectContaining({ count: 2 }) },
    ]);
  });

  it('refuses other roles, other regions and other portals, changing nothing', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 10 });
    const tries = [
      [await as([Role.DISTRICT_OPERATOR], { regionIds: ['almaty'] }), {}, 'FORBIDDEN'],
      [await as([Role.KINDERGARTEN_STAFF]), {}, 'FORBIDDEN'],
      [await as([Role.APPLICANT]), {}, 'FORBIDDEN'],
      [{}, {}, 'UNAUTHENTICATED'],
      [await as([Role.ADMIN]), { 'x-kezek-portal': 'almaty' }, 'FORBIDDEN'],
      [await as([Role.ADMIN]), { 'x-kezek-portal': 'nowhere' }, 'UNKNOWN_PORTAL'],
    ] as const;
    for (const [auth, portal, code] of tries) {
      const res = await gql(env.graphql, PUBLISH, { groupId, count: 1 }, { ...auth, ...portal });
      expect(res.errors?.[0].extensions?.code).toBe(code);
    }
    expect(await seatCount(groupId)).toBe(0);
    expect((await outboxEvents(env.db)).filter((e) => e.payload.groupId === groupId)).toEqual([]);
  });

  it('never publishes beyond capacity minus the seats already there, enrolled ones included', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 4 });
    const admin = await as([Role.ADMIN]);
    await freeSeats(env.db, groupId, 2, clock.now());
    await env.db.query(
      `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-enrolled', claimed_at = now() WHERE id = (SELECT id FROM seat WHERE group_id = $1 LIMIT 1)`,
      [groupId],
    );
    await env.db.query(`UPDATE seat SET status = 'ENROLLED', enrolled_at = now() WHERE referral_id = 'r-enrolled'`);
    const over = await gql(env.graphql, PUBLISH, { groupId, count: 3 }, admin);
    expect(over.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { room: 2, capacity: 4, seatsInGroup: 2 },
    });
    expect((await gql(env.graphql, PUBLISH, { groupId, count: 0 }, admin)).errors?.[0].extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await gql(env.graphql, PUBLISH, { groupId, count: 2 }, admin)).data).toEqual({
      // The seat free before stays free choice; the two published await their round.
      publishSeats: { id: groupId, capacity: 4, freeSeats: 1 },
    });
    expect(await seatCount(groupId)).toBe(4);
  });

  it('publishes once per requestId, whatever the number of retries', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { capacity: 10 });
    const admin = await as([Role.ADMIN]);
    const retries = await Promise.all(
      [1, 2, 3].map(() => gql(env.graphql, PUBLISH, { groupId, count: 2, requestId: 'req-1' }, admin)),
    );
    expect(retries.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(await seatCount(groupId)).toBe(2);
    expect(
      (await gql(env.graphql, PUBLISH, { groupId, count: 3, requestId: 'req-1' }, admin)).errors?.[0].extensions?.code,
    ).toBe('VALIDATION_FAILED');
  });

  describe('the database refuses what the code would never do', () => {
    let groupId: string;
    beforeEach(async () => {
      ({ groupId } = await kindergartenWithGroup(env.db, { capacity: 3 }));
      await freeSeats(env.db, groupId, 2, clock.now());
    });
    const first = `(SELECT id FROM seat WHERE group_id = $1 ORDER BY id LIMIT 1)`;

    it('more seats than capacity, directly or by lowering the capacity', async () => {
      await expect(freeSeats(env.db, groupId, 2, clock.now())).rejects.toThrow(
        /2 of 3 seats published|3 of 3 seats published/,
      );
      await expect(env.db.query(`UPDATE "group" SET capacity = 1 WHERE id = $1`, [groupId])).rejects.toThrow(
        /capacity 1 is too small/,
      );
      expect(await seatCount(groupId)).toBe(2);
    });

    it('a claimed seat without its referral, or a held one without its expiry', async () => {
      await expect(
        env.db.query(`UPDATE seat SET status = 'CLAIMED', claimed_at = now() WHERE id = ${first}`, [groupId]),
      ).rejects.toThrow(/seat_status_columns/);
      await expect(
        env.db.query(`UPDATE seat SET status = 'HELD', offer_round_id = 'x' WHERE id = ${first}`, [groupId]),
      ).rejects.toThrow(/seat_status_columns/);
      await expect(env.db.query(`UPDATE seat SET status = 'GONE' WHERE id = ${first}`, [groupId])).rejects.toThrow(
        /FREE to GONE/,
      );
    });

    it('two seats for one referral, or one seat changing hands', async () => {
      await env.db.query(
        `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-x', claimed_at = now() WHERE id = ${first}`,
        [groupId],
      );
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-x', claimed_at = now() WHERE group_id = $1 AND status = 'FREE'`,
          [groupId],
        ),
      ).rejects.toThrow(/seat_referral_uq/);
      await expect(env.db.query(`UPDATE seat SET referral_id = 'r-y' WHERE referral_id = 'r-x'`)).rejects.toThrow(
        /cannot go from CLAIMED to CLAIMED/,
      );
    });

    it('a pending claim expiry on a seat that is not claimed', async () => {
      await expect(
        env.db.query(
          `INSERT INTO seat (group_id, status, published_at, pending_until) VALUES ($1, 'FREE', now(), now())`,
          [groupId],
        ),
      ).rejects.toThrow(/seat_status_columns/);
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'HELD', offer_round_id = 'x', held_until = now(), pending_until = now() WHERE id = ${first}`,
          [groupId],
        ),
      ).rejects.toThrow(/seat_status_columns/);
      await env.db.query(
        `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-p', claimed_at = now(), pending_until = now() + interval '15 minutes' WHERE id = ${first}`,
        [groupId],
      );
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'FREE', referral_id = NULL, claimed_at = NULL WHERE referral_id = 'r-p'`,
        ),
      ).rejects.toThrow(/seat_status_columns/);
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'ENROLLED', enrolled_at = now(), pending_until = NULL WHERE referral_id = 'r-p'`,
        ),
      ).rejects.toThrow(/pending claim: it is enrolled only once committed/);
      await env.db.query(`UPDATE seat SET pending_until = NULL WHERE referral_id = 'r-p'`);
      await env.db.query(`UPDATE seat SET status = 'ENROLLED', enrolled_at = now() WHERE referral_id = 'r-p'`);
      await expect(
        env.db.query(
          `INSERT INTO seat (group_id, status, published_at, referral_id, claimed_at, enrolled_at, pending_until) VALUES ($1, 'ENROLLED', now(), 'r-q', now(), now(), now())`,
          [groupId],
        ),
      ).rejects.toThrow(/seat_status_columns/);
      expect((await env.db.query(`SELECT count(*)::int AS n FROM seat WHERE pending_until IS NOT NULL`))[0].n).toBe(0);
    });

    it('a claim that stays claimed changing anything but clearing its expiry', async () => {
      await env.db.query(
        `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-c', claimed_at = now(), pending_until = now() + interval '15 minutes' WHERE id = ${first}`,
        [groupId],
      );
      for (const change of [
        `pending_until = pending_until + interval '1 day'`,
        `referral_id = 'r-d', pending_until = NULL`,
        `claimed_at = now() - interval '1 day', pending_until = NULL`,
        `offer_round_id = 'x', pending_until = NULL`,
      ]) {
        await expect(env.db.query(`UPDATE seat SET ${change} WHERE referral_id = 'r-c'`)).rejects.toThrow(
          /cannot go from CLAIMED to CLAIMED/,
        );
      }
      await env.db.query(`UPDATE seat SET pending_until = NULL WHERE referral_id = 'r-c'`);
      // A committed claim never becomes pending again.
      await expect(env.db.query(`UPDATE seat SET pending_until = now() WHERE referral_id = 'r-c'`)).rejects.toThrow(
        /cannot go from CLAIMED to CLAIMED/,
      );
      await expect(env.db.query(`UPDATE seat SET pending_until = NULL WHERE referral_id = 'r-c'`)).rejects.toThrow(
        /cannot go from CLAIMED to CLAIMED/,
      );
    });

    it('skipping or undoing the lifecycle, or deleting a taken seat', async () => {
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'ENROLLED', referral_id = 'r-z', claimed_at = now(), enrolled_at = now() WHERE id = ${first}`,
          [groupId],
        ),
      ).rejects.toThrow(/FREE to ENROLLED/);
      await env.db.query(
        `UPDATE seat SET status = 'CLAIMED', referral_id = 'r-z', claimed_at = now() WHERE id = ${first}`,
        [groupId],
      );
      await env.db.query(`UPDATE seat SET status = 'ENROLLED', enrolled_at = now() WHERE referral_id = 'r-z'`);
      await expect(
        env.db.query(
          `UPDATE seat SET status = 'FREE', referral_id = NULL, claimed_at = NULL, enrolled_at = NULL WHERE referral_id = 'r-z'`,
        ),
      ).rejects.toThrow(/ENROLLED to FREE/);
      await expect(env.db.query(`DELETE FROM seat WHERE referral_id = 'r-z'`)).rejects.toThrow(/only a free seat/);
      await expect(
        env.db.query(`DELETE FROM seat WHERE group_id = $1 AND status = 'FREE'`, [groupId]),
      ).resolves.toBeDefined();
    });
  });
});
