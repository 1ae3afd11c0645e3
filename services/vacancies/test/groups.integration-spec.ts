import { randomUUID } from 'node:crypto';
import { ManualClock } from '@kezek/clock';
import { GroupsApi, VacanciesApiClient } from '@kezek/vacancies-api';
import { choosableGroupsStatement } from '../src/group/group.repository';
import { freeSeats, INTERNAL_SECRET, kindergartenWithGroup, serviceToken, startVacancies } from './fixtures';

describe('groups API on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  let vacancies: VacanciesApiClient;

  beforeAll(async () => {
    env = await startVacancies(clock);
    vacancies = new VacanciesApiClient({ baseUrl: env.url, secret: INTERNAL_SECRET, service: 'kezek-queue', clock });
  });
  afterAll(() => env?.close());

  /** Holds `count` free seats of the group for an offer round, as ClaimsApi.hold leaves them. */
  const hold = (groupId: string, offerRoundId: string, count: number) =>
    env.db.query(
      `UPDATE seat SET status = 'HELD', offer_round_id = $2, held_until = $3
        WHERE id IN (SELECT id FROM seat WHERE group_id = $1 AND status = 'FREE' LIMIT $4)`,
      [groupId, offerRoundId, new Date(clock.now().getTime() + 3600_000), count],
    );

  it('refuses callers without a valid service token with 401', async () => {
    const res = await fetch(`${env.url}${GroupsApi.find.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [randomUUID()] }),
    });
    expect(res.status).toBe(401);
    const stale = await serviceToken(clock);
    clock.advance(61_000);
    const late = await fetch(`${env.url}${GroupsApi.choosable.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stale}` },
      body: JSON.stringify({ areaId: 'astana', groupYear: 2022 }),
    });
    expect(late.status).toBe(401);
  });

  it('finds groups with their kindergartens and free seats; unknown ids are absent', async () => {
    const a = await kindergartenWithGroup(env.db, {
      regionId: 'astana',
      districtId: 'astana-almaty',
      groupYear: 2023,
      language: 'RU',
      capacity: 20,
      name: 'Балбөбек',
      lat: 51.1,
      lng: 71.4,
    });
    const b = await kindergartenWithGroup(env.db, { isState: false });
    await freeSeats(env.db, a.groupId, 3, clock.now());
    await hold(a.groupId, 'round-find', 1);
    const unknown = randomUUID();

    const found = await vacancies.groups([a.groupId, unknown, b.groupId, a.groupId]);
    expect(found).toHaveLength(2);
    expect(found.find((g) => g.id === a.groupId)).toEqual({
      id: a.groupId,
      groupYear: 2023,
      language: 'RU',
      capacity: 20,
      freeSeats: 2,
      kindergarten: {
        id: a.kindergartenId,
        nameKk: 'Балбөбек',
        nameRu: 'Балбөбек',
        address: expect.stringMatching(/^ул\. /),
        phone: null,
        location: { lat: 51.1, lng: 71.4 },
        regionId: 'astana',
        districtId: 'astana-almaty',
        isState: true,
      },
    });
    expect(found.find((g) => g.id === b.groupId)).toMatchObject({ freeSeats: 0, kindergarten: { isState: false } });
    expect(await vacancies.groups([unknown])).toEqual([]);
    expect(await vacancies.groups([])).toEqual([]);
    await expect(vacancies.call(GroupsApi.find, { ids: ['not-a-uuid'] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it("lists the choosable groups of an area's state kindergartens: free seats, or held for the round", async () => {
    // A group year of its own keeps the other tests' groups out.
    const year = 2021;
    const make = async (name: string, o: Parameters<typeof kindergartenWithGroup>[1] = {}, free = 2) => {
      const k = await kindergartenWithGroup(env.db, { groupYear: year, name, ...o });
      if (free > 0) await freeSeats(env.db, k.groupId, free, clock.now());
      return k.groupId;
    };
    const free = await make('Ә-сад', { districtId: 'astana-esil' });
    const heldForRound = await make('Б-сад', { districtId: 'astana-almaty' });
    await hold(heldForRound, 'round-1', 2);
    const heldForOther = await make('В-сад', { districtId: 'astana-esil' });
    await hold(heldForOther, 'round-2', 2);
    const mixed = await make('А-сад', { districtId: 'astana-almaty' }, 3);
    await hold(mixed, 'round-1', 1);
    const full = await make('Г-сад', {}, 1);
    await env.db.query(
      `UPDATE seat SET status = 'CLAIMED', referral_id = 'ref-full', claimed_at = $2 WHERE group_id = $1`,
      [full, clock.now()],
    );
    const none = await make('Д-сад', {}, 0);
    await make('Е-сад (частный)', { isState: false });
    await make('Ж-сад (Алматы)', { regionId: 'almaty', districtId: 'almaty-medeu' });
    await make('З-сад (2022)', { groupYear: year + 1 });

    const round1 = await vacancies.choosableGroups({ areaId: 'astana', groupYear: year, offerRoundId: 'round-1' });
    expect(new Set(round1.map((g) => g.groupId))).toEqual(new Set([free, heldForRound, mixed]));
    expect(round1.find((g) => g.groupId === mixed)).toEqual({ groupId: mixed, freeSeats: 2, heldSeats: 1 });
    expect(round1.find((g) => g.groupId === heldForRound)).toEqual({
      groupId: heldForRound,
      freeSeats: 0,
      heldSeats: 2,
    });
    expect(round1.find((g) => g.groupId === free)).toEqual({ groupId: free, freeSeats: 2, heldSeats: 0 });
    for (const absent of [heldForOther, full, none]) expect(round1.map((g) => g.groupId)).not.toContain(absent);

    // By kindergarten name, in the database's collation.
    const names: Array<{ id: string }> = await env.db.query(
      `SELECT g.id FROM "group" g JOIN kindergarten k ON k.id = g.kindergarten_id WHERE g.id = ANY($1::uuid[]) ORDER BY k.name_ru`,
      [[free, heldForRound, mixed]],
    );
    expect(round1.map((g) => g.groupId)).toEqual(names.map((r) => r.id));

    // Another round sees its own holds; no round sees free seats only.
    const round2 = await vacancies.choosableGroups({ areaId: 'astana', groupYear: year, offerRoundId: 'round-2' });
    expect(new Set(round2.map((g) => g.groupId))).toEqual(new Set([free, heldForOther, mixed]));
    expect(round2.find((g) => g.groupId === mixed)).toEqual({ groupId: mixed, freeSeats: 2, heldSeats: 0 });
    const noRound = await vacancies.choosableGroups({ areaId: 'astana', groupYear: year });
    expect(new Set(noRound.map((g) => g.groupId))).toEqual(new Set([free, mixed]));

    // A district is an area too; an unknown area has no groups.
    const district = await vacancies.choosableGroups({
      areaId: 'astana-almaty',
      groupYear: year,
      offerRoundId: 'round-1',
    });
    expect(new Set(district.map((g) => g.groupId))).toEqual(new Set([heldForRound, mixed]));
    expect(await vacancies.choosableGroups({ areaId: 'nowhere', groupYear: year })).toEqual([]);
    expect(await vacancies.choosableGroups({ areaId: 'astana', groupYear: 2030 })).toEqual([]);
  });

  it('answers the choosable groups from the indexes with 5,000 kindergartens and 25,000 groups', async () => {
    // 50 regions (astana one of them, its two districts alternating), as one registry serves the country.
    await env.db.query(`
      INSERT INTO region (id, name_kk, name_ru) SELECT 'r' || i, 'r' || i, 'r' || i FROM generate_series(1, 49) i;
      INSERT INTO district (id, region_id, name_kk, name_ru) SELECT 'r' || i || '-d', 'r' || i, 'd', 'd' FROM generate_series(1, 49) i;
      INSERT INTO kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages)
      SELECT 'p' || i, 'p' || i, 'b' || i, 43, 76,
             CASE WHEN i % 50 = 0 THEN 'astana' ELSE 'r' || (i % 50) END,
             CASE WHEN i % 100 = 0 THEN 'astana-esil' WHEN i % 50 = 0 THEN 'astana-almaty' ELSE 'r' || (i % 50) || '-d' END,
             i % 7 <> 0, '{KK}'
        FROM generate_series(1, 5000) i;
      INSERT INTO "group" (kindergarten_id, group_year, language, capacity)
        SELECT id, y, 'KK', 20 FROM kindergarten, generate_series(2020, 2024) y WHERE name_ru LIKE 'p%';
      INSERT INTO seat (group_id, status, published_at)
        SELECT g.id, 'FREE', now() FROM "group" g JOIN kindergarten k ON k.id = g.kindergarten_id WHERE k.name_ru LIKE 'p%';
      ANALYZE kindergarten; ANALYZE "group"; ANALYZE seat;`);
    for (const areaId of ['astana', 'astana-almaty']) {
      const [sql, params] = choosableGroupsStatement({ areaId, groupYear: 2022, offerRoundId: 'round-1' }, clock.now());
      const plan = (await env.db.query(`EXPLAIN ${sql}`, params))
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).not.toMatch(/Seq Scan on (kindergarten|"group"|seat)/);
    }
  });
});
