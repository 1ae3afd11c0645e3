import { Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { gql, tokenFor } from '@kezek/testing';
import { KindergartenService } from '../src/kindergarten/kindergarten.service';
import { freeSeats, kindergartenWithGroup, startVacancies } from './fixtures';

const HEADER = 'name_kk,name_ru,address,phone,lat,lng,region_id,district_id,is_state,languages';

describe('registry, search and CSV import on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  let astanaOperator: Record<string, string>;
  beforeAll(async () => {
    env = await startVacancies(clock);
    astanaOperator = {
      authorization: `Bearer ${await tokenFor({ userId: '44444444-4444-4444-8444-444444444444', roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } }, clock)}`,
    };
  });
  afterAll(() => env?.close());

  const count = async () => (await env.db.query(`SELECT count(*)::int AS n FROM kindergarten`))[0].n as number;

  it('searches a region by district, language, group year and free seats, and nearest first around a point', async () => {
    // Around Baiterek (51.1283, 71.4305): 1 km north, 5 km north, 20 km north.
    const near = await kindergartenWithGroup(env.db, {
      lat: 51.1373,
      lng: 71.4305,
      name: 'Near',
      districtId: 'astana-almaty',
    });
    const mid = await kindergartenWithGroup(env.db, {
      lat: 51.1733,
      lng: 71.4305,
      name: 'Mid',
      language: 'RU',
      groupYear: 2021,
    });
    const far = await kindergartenWithGroup(env.db, { lat: 51.3083, lng: 71.4305, name: 'Far' });
    await kindergartenWithGroup(env.db, {
      regionId: 'almaty',
      districtId: 'almaty-medeu',
      lat: 43.2,
      lng: 76.9,
      name: 'Elsewhere',
    });
    await freeSeats(env.db, mid.groupId, 1, clock.now());
    await freeSeats(env.db, far.groupId, 1, clock.now());

    type K = { kindergartens: Array<{ id: string; distanceKm: number | null; groups: Array<{ freeSeats: number }> }> };
    const search = async (args: string) =>
      (await gql<K>(env.graphql, `{ kindergartens(regionId: "astana"${args}) { id distanceKm groups { freeSeats } } }`))
        .data!.kindergartens;
    const ids = async (args: string) => (await search(args)).map((k) => k.id);

    expect(await ids(', near: { lat: 51.1283, lng: 71.4305 }')).toEqual([
      near.kindergartenId,
      mid.kindergartenId,
      far.kindergartenId,
    ]);
    const within = await search(', near: { lat: 51.1283, lng: 71.4305 }, radiusKm: 6');
    expect(within.map((k) => k.id)).toEqual([near.kindergartenId, mid.kindergartenId]);
    expect(within[0].distanceKm).toBeCloseTo(1.0, 1);
    expect(within[1].distanceKm).toBeCloseTo(5.0, 1);
    expect((await search('')).every((k) => k.distanceKm === null)).toBe(true);
    expect((await ids(', withFreeSeats: true')).sort()).toEqual([mid.kindergartenId, far.kindergartenId].sort());
    expect(await ids(', withFreeSeats: true, language: RU')).toEqual([mid.kindergartenId]);
    expect(await ids(', withFreeSeats: true, groupYear: 2022')).toEqual([far.kindergartenId]);
    expect(await ids(', districtId: "astana-almaty"')).toEqual([near.kindergartenId]);
    expect(
      (await gql(env.graphql, `{ kindergartens(regionId: "astana", radiusKm: 5) { id } }`)).errors?.[0].extensions
        ?.code,
    ).toBe('VALIDATION_FAILED');
    expect((await gql(env.graphql, `{ kindergartens(regionId: "almaty") { id } }`)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('lists the regions the portal serves with their districts', async () => {
    const REGIONS = `{ regions { id nameKk nameRu districts { id regionId } } }`;
    expect((await gql(env.graphql, REGIONS)).data).toEqual({
      regions: [
        {
          id: 'astana',
          nameKk: 'Астана',
          nameRu: 'Астана',
          districts: [
            { id: 'astana-almaty', regionId: 'astana' },
            { id: 'astana-esil', regionId: 'astana' },
          ],
        },
      ],
    });
    expect((await gql(env.graphql, REGIONS, {}, { 'x-kezek-portal': 'almaty' })).data).toEqual({
      regions: [
        { id: 'almaty', nameKk: 'Алматы', nameRu: 'Алматы', districts: [{ id: 'almaty-medeu', regionId: 'almaty' }] },
      ],
    });
  });

  it('keeps a radius search on the indexes with 10,000 kindergartens', async () => {
    await env.db.query(`
      INSERT INTO kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages)
      SELECT 'k' || i, 'k' || i, 'a' || i, 41 + (i % 100) * 0.14, 51 + (i / 100) * 0.35, CASE WHEN i % 2 = 0 THEN 'astana' ELSE 'almaty' END,
             CASE WHEN i % 2 = 0 THEN 'astana-esil' ELSE 'almaty-medeu' END, true, '{KK}'
        FROM generate_series(1, 10000) i;
      ANALYZE kindergarten;`);
    const plan = async (q: Parameters<KindergartenService['searchQuery']>[0]) => {
      const [sql, params] = new KindergartenService(env.db, clock).searchQuery(q).getQueryAndParameters();
      return (await env.db.query(`EXPLAIN ${sql}`, params))
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
    };
    const near = { regionIds: ['astana'], near: { lat: 51.13, lng: 71.43 }, radiusKm: 5 };
    expect(await plan(near)).toMatch(/Bitmap Index Scan on kindergarten_earth_idx/);
    for (const q of [
      near,
      { ...near, withFreeSeats: true, groupYear: 2022 },
      { regionIds: ['astana'], districtId: 'astana-esil' },
    ]) {
      expect(await plan(q)).not.toMatch(/Seq Scan on (kindergarten|"group"|seat)/);
    }
  });

  it('lets operators create and edit kindergartens and groups of their region only', async () => {
    const input = {
      nameKk: 'Жаңа бақша',
      nameRu: 'Новый сад',
      address: 'Астана, Мәңгілік Ел, 1',
      phone: '+7 7172 55-55-55',
      location: { lat: 51.09, lng: 71.41 },
      regionId: 'astana',
      districtId: 'astana-esil',
      isState: true,
      languages: ['KK', 'RU'],
    };
    const CREATE = `mutation($input: KindergartenInput!) { createKindergarten(input: $input) { id name nameKk location { lat lng } languages } }`;
    const created = await gql<{ createKindergarten: { id: string } }>(env.graphql, CREATE, { input }, astanaOperator);
    expect(created.data?.createKindergarten).toMatchObject({
      name: 'Новый сад',
      location: { lat: 51.09, lng: 71.41 },
      languages: ['KK', 'RU'],
    });
    const id = created.data!.createKindergarten.id;
    expect((await gql(env.graphql, CREATE, { input }, astanaOperator)).errors?.[0].extensions?.code).toBe(
      'VALIDATION_FAILED',
    ); // already registered
    expect(
      (
        await gql(
          env.graphql,
          CREATE,
          { input: { ...input, nameRu: 'Другой', districtId: 'almaty-medeu' } },
          astanaOperator,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await gql(
          env.graphql,
          CREATE,
          { input: { ...input, regionId: 'almaty', districtId: 'almaty-medeu' } },
          astanaOperator,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');

    const UPDATE = `mutation($id: ID!, $input: KindergartenPatchInput!) { updateKindergarten(id: $id, input: $input) { phone districtId } }`;
    expect(
      (await gql(env.graphql, UPDATE, { id, input: { phone: null, districtId: 'astana-almaty' } }, astanaOperator))
        .data,
    ).toEqual({ updateKindergarten: { phone: null, districtId: 'astana-almaty' } });
    const almatyOperator = {
      authorization: `Bearer ${await tokenFor({ userId: '55555555-5555-4555-8555-555555555555', roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['almaty'] } }, clock)}`,
    };
    expect(
      (
        await gql(
          env.graphql,
          UPDATE,
          { id, input: { nameRu: 'Чужой' } },
          { ...almatyOperator, 'x-kezek-portal': 'astana' },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');

    const group = await gql<{ createGroup: { id: string; freeSeats: number } }>(
      env.graphql,
      `mutation($input: GroupInput!) { createGroup(input: $input) { id freeSeats kindergarten { id } } }`,
      { input: { kindergartenId: id, groupYear: 2022, language: 'KK', capacity: 2 } },
      astanaOperator,
    );
    expect(group.data?.createGroup).toMatchObject({ freeSeats: 0, kindergarten: { id } });
    await freeSeats(env.db, group.data!.createGroup.id, 2, clock.now());
    const shrink = await gql(
      env.graphql,
      `mutation($id: ID!) { updateGroup(id: $id, input: { capacity: 1 }) { capacity } }`,
      { id: group.data!.createGroup.id },
      astanaOperator,
    );
    expect(shrink.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');

    const staff = {
      authorization: `Bearer ${await tokenFor({ userId: '66666666-6666-4666-8666-666666666666', roles: [Role.KINDERGARTEN_STAFF], scopes: { kindergartenIds: [id] } }, clock)}`,
    };
    expect((await gql(env.graphql, `{ myKindergarten { id groups { capacity freeSeats } } }`, {}, staff)).data).toEqual(
      { myKindergarten: { id, groups: [{ capacity: 2, freeSeats: 2 }] } },
    );
    expect((await gql(env.graphql, `{ myKindergarten { id } }`, {}, astanaOperator)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('imports a CSV all or nothing, or the good rows when asked, with a reason per refused row', async () => {
    const IMPORT = `mutation($csv: String!, $all: Boolean) { importKindergartens(csv: $csv, allOrNothing: $all) { imported refused rows { row status reasons kindergartenId } } }`;
    const csv = [
      HEADER,
      'Бірінші,Первый,"Астана, 1",,51.1,71.4,astana,astana-esil,true,KK',
      'Екінші,Второй,"Астана, 2",,51.1,71.4,astana,almaty-medeu,true,RU',
      'Үшінші,Третий,"Алматы, 3",,43.2,76.9,almaty,almaty-medeu,false,RU',
      'Төртінші,Четвёртый,"Астана, 4",,51.1,71.4,astana,astana-esil,нет,KK;RU',
    ].join('\n');
    const before = await count();
    type Report = {
      importKindergartens: {
        imported: number;
        refused: number;
        rows: Array<{ row: number; status: string; reasons: string[]; kindergartenId: string | null }>;
      };
    };
    const refusedFile = (await gql<Report>(env.graphql, IMPORT, { csv }, astanaOperator)).data!.importKindergartens;
    expect(refusedFile).toMatchObject({ imported: 0, refused: 2 });
    expect(refusedFile.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'NOT_IMPORTED'],
      [3, 'REFUSED'],
      [4, 'REFUSED'],
      [5, 'NOT_IMPORTED'],
    ]);
    expect(refusedFile.rows[1].reasons).toEqual(['district_id: almaty-medeu is not a district of astana']);
    expect(refusedFile.rows[2].reasons).toEqual([expect.stringMatching(/^region_id: /)]);
    expect(await count()).toBe(before);

    const partial = (await gql<Report>(env.graphql, IMPORT, { csv, all: false }, astanaOperator)).data!
      .importKindergartens;
    expect(partial).toMatchObject({ imported: 2, refused: 2 });
    expect(partial.rows.filter((r) => r.status === 'IMPORTED').every((r) => r.kindergartenId)).toBe(true);
    expect(await count()).toBe(before + 2);

    // The same file again: the imported rows are now duplicates.
    const again = (await gql<Report>(env.graphql, IMPORT, { csv, all: false }, astanaOperator)).data!
      .importKindergartens;
    expect(again).toMatchObject({ imported: 0, refused: 4 });
    expect(again.rows[0].reasons).toEqual(['already registered (same region, name and address)']);
    expect((await gql(env.graphql, IMPORT, { csv: 'nonsense' }, astanaOperator)).errors?.[0].extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await gql(env.graphql, IMPORT, { csv }, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
