import { Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { gql, tokenFor } from '@kezek/testing';
import { INTERNAL_SECRET, kindergartenWithGroup, freeSeats, post, serviceToken, startVacancies } from './fixtures';
import { ROUND_GRACE_SECONDS } from '../src/config';
import { ClaimsApi, VacanciesApiClient } from '@kezek/vacancies-api';

type Seat = { seatId: string; groupId: string; status: string };
type Err = { code: string };

/**
 * R10 before R11 on real PostgreSQL: published seats await the offer round their SeatsPublished
 * opens. Until a round holds them or has seen their publication (its `publications`), or the grace
 * ends, no free choice takes them and no free count shows them; a claim for the round's own held
 * seats is unaffected.
 */
describe('published seats await their offer round on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  let vacancies: VacanciesApiClient;
  let admin: Record<string, string>;

  beforeAll(async () => {
    env = await startVacancies(clock);
    vacancies = new VacanciesApiClient({ baseUrl: env.url, secret: INTERNAL_SECRET, service: 'kezek-queue', clock });
  });
  beforeEach(async () => {
    admin = {
      authorization: `Bearer ${await tokenFor({ userId: '33333333-3333-4333-8333-333333333333', roles: [Role.ADMIN] }, clock)}`,
    };
  });
  afterAll(() => env?.close());

  const publish = async (groupId: string, count: number) => {
    const res = await gql<{ publishSeats: { freeSeats: number } }>(
      env.graphql,
      'mutation($g: ID!, $n: Int!) { publishSeats(groupId: $g, count: $n) { freeSeats } }',
      { g: groupId, n: count },
      admin,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.publishSeats.freeSeats;
  };
  /** Every count a parent or the queue's precheck reads: Group.freeSeats, GroupsApi.find, GroupsApi.choosable, the search. */
  const freeEverywhere = async (groupId: string, groupYear: number) => {
    const [facts] = await vacancies.groups([groupId]);
    const choosable = await vacancies.choosableGroups({ areaId: 'astana-esil', groupYear });
    const search = await gql<{ kindergartens: Array<{ groups: Array<{ id: string; freeSeats: number }> }> }>(
      env.graphql,
      `query($y: Int!) { kindergartens(regionId: "astana", groupYear: $y, withFreeSeats: true) { groups { id freeSeats } } }`,
      { y: groupYear },
    );
    const listed = search.data!.kindergartens.flatMap((k) => k.groups).find((g) => g.id === groupId);
    return {
      find: facts.freeSeats,
      choosable: choosable.find((g) => g.groupId === groupId)?.freeSeats ?? 0,
      search: listed?.freeSeats ?? 0,
    };
  };
  // A token signed at the call: the tests move the clock past a token's minute.
  const claim = async (referralId: string, groupId: string, offerRoundId?: string) =>
    post<{ seat: Seat } & Err>(env.url, 'claim', { referralId, groupId, offerRoundId }, await serviceToken(clock));
  const hold = async (body: Record<string, unknown>) =>
    post<{ seats: Seat[] } & Err>(
      env.url,
      'hold',
      { areaId: 'astana-esil', ttlSeconds: 3600, ...body },
      await serviceToken(clock),
    );

  it('refuses a published seat to free choice and counts it nowhere until a round holds it or has seen it', async () => {
    const year = 2021;
    const older = await kindergartenWithGroup(env.db, { groupYear: year });
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: year });
    // A seat free since yesterday in the area: free choice, and the round takes it last.
    await freeSeats(env.db, older.groupId, 1, new Date(clock.now().getTime() - 86_400_000));
    const publishedAt = clock.now().toISOString();
    expect(await publish(groupId, 3)).toBe(0);
    clock.advance(5_000);

    expect(await freeEverywhere(groupId, year)).toEqual({ find: 0, choosable: 0, search: 0 });
    // Both the one-statement claim and the careful path find no seat for a free choice.
    expect(await claim('ref-early', groupId)).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS' } });
    const { count } = (
      await env.db.query(`SELECT count(*)::int AS count FROM seat WHERE group_id = $1 AND status = 'FREE'`, [groupId])
    )[0];
    expect(count).toBe(3);

    // The round holds two: the seats awaiting it, not yesterday's; it has seen the publication.
    const held = await hold({
      offerRoundId: 'round-a',
      groupYear: year,
      count: 2,
      publications: [{ groupId, publishedAt }],
    });
    expect(held.status).toBe(200);
    expect(held.body.seats.map((s) => s.groupId)).toEqual([groupId, groupId]);
    // The third is free choice now; the round's own seats are its children's to claim.
    expect(await freeEverywhere(groupId, year)).toEqual({ find: 1, choosable: 1, search: 1 });
    expect(await claim('ref-free', groupId)).toMatchObject({ status: 200, body: { seat: { status: 'CLAIMED' } } });
    const offered = await claim('ref-offered', groupId, 'round-a');
    expect(offered.body.seat.status).toBe('CLAIMED');
    const heldIds = held.body.seats.map((s) => s.seatId);
    expect(heldIds).toContain(offered.body.seat.seatId);
    // A replay of the round's hold answers with the seat it still holds, holding nothing fresh.
    const replay = await hold({
      offerRoundId: 'round-a',
      groupYear: year,
      count: 2,
      publications: [{ groupId, publishedAt }],
    });
    expect(replay.body.seats.map((s) => s.seatId)).toEqual(heldIds.filter((id) => id !== offered.body.seat.seatId));
    // So does a retried round that finds nobody to offer to (count 0): the queue then releases them.
    const nobody = await hold({
      offerRoundId: 'round-a',
      groupYear: year,
      count: 0,
      publications: [{ groupId, publishedAt }],
    });
    expect(nobody.body.seats.map((s) => s.seatId)).toEqual(replay.body.seats.map((s) => s.seatId));
    expect(await freeEverywhere(older.groupId, year)).toMatchObject({ find: 1 });
  });

  it('makes a round of nobody end the wait of what it has seen, and only that', async () => {
    const year = 2020;
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: year });
    const seen = { groupId, publishedAt: clock.now().toISOString() };
    await publish(groupId, 2);
    clock.advance(60_000);
    const later = { groupId, publishedAt: clock.now().toISOString() };
    await publish(groupId, 1); // published after the round's batch: awaits its own round
    clock.advance(1_000);
    expect(await hold({ offerRoundId: 'round-nobody', groupYear: year, count: 0, publications: [seen] })).toMatchObject(
      {
        status: 200,
        body: { seats: [] },
      },
    );
    expect(await freeEverywhere(groupId, year)).toEqual({ find: 2, choosable: 2, search: 2 });
    expect((await claim('ref-n1', groupId)).status).toBe(200);
    expect((await claim('ref-n2', groupId)).status).toBe(200);
    expect(await claim('ref-n3', groupId)).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS' } });
    // A hold elsewhere (another district) or of another group year ends nobody's wait here.
    await hold({
      offerRoundId: 'round-elsewhere',
      areaId: 'almaty-medeu',
      groupYear: year,
      count: 0,
      publications: [later],
    });
    await hold({ offerRoundId: 'round-other-year', groupYear: year + 1, count: 0, publications: [later] });
    expect(await freeEverywhere(groupId, year)).toEqual({ find: 0, choosable: 0, search: 0 });
  });

  it('leaves the seats of a publication delivered late to its own round: a later round neither holds nor frees them', async () => {
    const year = 2016;
    const first = await kindergartenWithGroup(env.db, { groupYear: year });
    const second = await kindergartenWithGroup(env.db, { groupYear: year });
    const a = { groupId: first.groupId, publishedAt: clock.now().toISOString() };
    await publish(first.groupId, 1);
    clock.advance(1_000);
    const b = { groupId: second.groupId, publishedAt: clock.now().toISOString() };
    await publish(second.groupId, 2);
    clock.advance(1_000);
    // B's SeatsPublished reaches the queue first: its round holds one of B's seats, not A's older one.
    const roundB = await hold({ offerRoundId: 'round-b', groupYear: year, count: 1, publications: [b] });
    expect(roundB.body.seats.map((s) => s.groupId)).toEqual([second.groupId]);
    // B's other seat is free choice; A's still awaits its round, which no free choice may take.
    expect(await freeEverywhere(second.groupId, year)).toEqual({ find: 1, choosable: 1, search: 1 });
    expect(await freeEverywhere(first.groupId, year)).toEqual({ find: 0, choosable: 0, search: 0 });
    expect(await claim('ref-late', first.groupId)).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS' } });
    // A's round, late, holds A's seat.
    const roundA = await hold({ offerRoundId: 'round-a-late', groupYear: year, count: 1, publications: [a] });
    expect(roundA.body.seats.map((s) => s.groupId)).toEqual([first.groupId]);
  });

  it("tells the queue's sweeper which publications still await their round after a while, and only those", async () => {
    const year = 2015;
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: year });
    const publishedAt = clock.now().toISOString();
    await publish(groupId, 2);
    clock.advance(1_000);
    const later = await kindergartenWithGroup(env.db, { groupYear: year });
    await publish(later.groupId, 1); // younger than asked: its event may still be on its way
    // Through the queue's own client: its answer is checked against the endpoint's schema.
    const awaiting = async (publishedBefore: string) =>
      (await vacancies.call(ClaimsApi.awaiting, { publishedBefore, limit: 100 })).publications.filter(
        (p) => p.groupYear === year,
      );
    const found = await awaiting(clock.now().toISOString());
    expect(found).toEqual([
      expect.objectContaining({ groupId, groupYear: year, publishedAt, count: 2, regionId: 'astana' }),
    ]);
    expect(found[0]).toEqual(
      expect.objectContaining({ kindergartenId: expect.any(String), districtId: 'astana-esil' }),
    );
    // Its round names it: it awaits nothing more.
    await hold({ offerRoundId: 'round-found', groupYear: year, count: 1, publications: [{ groupId, publishedAt }] });
    expect(await awaiting(new Date(clock.now().getTime() + 1).toISOString())).toEqual([
      expect.objectContaining({ groupId: later.groupId, count: 1 }),
    ]);
  });

  it('makes the seats free choice once the grace ends without any round', async () => {
    const year = 2019;
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: year });
    await publish(groupId, 1);
    clock.advance(ROUND_GRACE_SECONDS.default * 1000 - 1);
    expect(await freeEverywhere(groupId, year)).toEqual({ find: 0, choosable: 0, search: 0 });
    expect(await claim('ref-grace-early', groupId)).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS' } });
    clock.advance(1);
    expect(await freeEverywhere(groupId, year)).toEqual({ find: 1, choosable: 1, search: 1 });
    expect(await claim('ref-grace', groupId)).toMatchObject({ status: 200, body: { seat: { status: 'CLAIMED' } } });
  });

  it('tells the operator how many published seats await their round, free choice once the grace ends', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: 2017 });
    const PUBLISH = 'mutation($g: ID!, $n: Int!) { publishSeats(groupId: $g, count: $n) { freeSeats awaitingSeats } }';
    const first = await gql(env.graphql, PUBLISH, { g: groupId, n: 1 }, admin);
    expect(first.data).toEqual({ publishSeats: { freeSeats: 0, awaitingSeats: 1 } });
    clock.advance(ROUND_GRACE_SECONDS.default * 1000);
    const second = await gql(env.graphql, PUBLISH, { g: groupId, n: 2 }, admin);
    expect(second.data).toEqual({ publishSeats: { freeSeats: 1, awaitingSeats: 2 } });
  });

  it('keeps the wait in the database: set at publication only, on a free seat only', async () => {
    const { groupId } = await kindergartenWithGroup(env.db, { groupYear: 2018 });
    await publish(groupId, 1);
    const later = new Date(clock.now().getTime() + 3_600_000);
    await expect(
      env.db.query(`UPDATE seat SET awaiting_round_until = $2 WHERE group_id = $1`, [groupId, later]),
    ).rejects.toMatchObject({ constraint: 'seat_transition' });
    await expect(
      env.db.query(`UPDATE seat SET status = 'HELD', offer_round_id = 'x', held_until = $2 WHERE group_id = $1`, [
        groupId,
        later,
      ]),
    ).rejects.toMatchObject({ constraint: 'seat_awaiting_round_free' });
    const free = await kindergartenWithGroup(env.db, { groupYear: 2018 });
    await freeSeats(env.db, free.groupId, 1, clock.now());
    await expect(
      env.db.query(`UPDATE seat SET awaiting_round_until = $2 WHERE group_id = $1`, [free.groupId, later]),
    ).rejects.toMatchObject({ constraint: 'seat_transition' });
  });
});
