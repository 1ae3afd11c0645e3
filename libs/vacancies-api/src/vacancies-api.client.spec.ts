import { randomUUID } from 'node:crypto';
import { ManualClock } from '@kezek/clock';
import { ServiceTokenVerifier } from '@kezek/internal-api';
import { KINDERGARTEN_LOOKUP_MAX_IDS, kindergartenLookupRequest, KindergartensApi } from './kindergarten-lookup.api';
import { GROUPS_FIND_MAX_IDS, groupsFindRequest, GroupsApi } from './groups.api';
import { VacanciesApiClient } from './vacancies-api.client';

const SECRET = 'vacancies-api-unit-secret-0123456789';
const clock = new ManualClock('2026-03-02T05:00:00Z');

/** A fetch answering like vacancies: every asked id whose first character is not `f` is registered in astana. */
function vacancies() {
  const bodies: Array<{ ids: string[] }> = [];
  const urls: string[] = [];
  const headers: Array<Record<string, string>> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    urls.push(url);
    headers.push(init.headers as Record<string, string>);
    const { ids } = kindergartenLookupRequest.parse(JSON.parse(String(init.body)));
    bodies.push({ ids });
    const kindergartens = ids
      .filter((id) => !id.startsWith('f'))
      .map((id) => ({ id, regionId: 'astana', districtId: 'astana-esil' }));
    return new Response(JSON.stringify({ kindergartens }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return {
    bodies,
    urls,
    headers,
    client: new VacanciesApiClient({
      baseUrl: 'http://vacancies:4003',
      secret: SECRET,
      service: 'kezek-identity',
      clock,
      transport: fetch,
    }),
  };
}

describe('the vacancies API client', () => {
  it("asks vacancies' internal API with a token for its audience and returns the registered kindergartens", async () => {
    const { urls, headers, client } = vacancies();
    const known = '0b1c6d9e-2f4a-4b5c-8d6e-7f8091a2b3c4';
    const unknown = 'f0000000-0000-4000-8000-000000000000';
    expect(await client.lookupKindergartens([known, unknown, known])).toEqual([
      { id: known, regionId: 'astana', districtId: 'astana-esil' },
    ]);
    expect(urls).toEqual(['http://vacancies:4003/internal/kindergartens/lookup']);
    await expect(
      new ServiceTokenVerifier(SECRET, KindergartensApi.lookup.audience).verify(
        headers[0].authorization.slice(7),
        clock.now(),
      ),
    ).resolves.toEqual({ service: 'kezek-identity' });
  });

  it('asks nothing for no ids, each id once, at most as many per call as the contract allows', async () => {
    const { bodies, client } = vacancies();
    expect(await client.lookupKindergartens([])).toEqual([]);
    expect(bodies).toHaveLength(0);
    const ids = Array.from({ length: KINDERGARTEN_LOOKUP_MAX_IDS * 2 + 1 }, () => randomUUID().replace(/^f/, 'e'));
    expect(await client.lookupKindergartens([...ids, ids[0]])).toHaveLength(ids.length);
    expect(bodies.map((b) => b.ids.length)).toEqual([KINDERGARTEN_LOOKUP_MAX_IDS, KINDERGARTEN_LOOKUP_MAX_IDS, 1]);
  });
});

describe("the vacancies API client's groups", () => {
  it('asks for each group once, at most as many per call as the contract allows', async () => {
    const bodies: string[][] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      expect(url).toBe(`http://vacancies:4003${GroupsApi.find.path}`);
      const { ids } = groupsFindRequest.parse(JSON.parse(String(init.body)));
      bodies.push(ids);
      return new Response(JSON.stringify({ groups: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof globalThis.fetch;
    const client = new VacanciesApiClient({
      baseUrl: 'http://vacancies:4003',
      secret: SECRET,
      service: 'kezek-queue',
      clock,
      transport: fetch,
    });
    expect(await client.groups([])).toEqual([]);
    const ids = Array.from({ length: GROUPS_FIND_MAX_IDS + 1 }, () => randomUUID());
    expect(await client.groups([...ids, ids[0]])).toEqual([]);
    expect(bodies.map((b) => b.length)).toEqual([GROUPS_FIND_MAX_IDS, 1]);
  });

  it('refuses an answer outside the contract (fails closed)', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ groups: [{ groupId: 'x', freeSeats: -1, heldSeats: 0 }] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof globalThis.fetch;
    const client = new VacanciesApiClient({
      baseUrl: 'http://vacancies:4003',
      secret: SECRET,
      service: 'kezek-queue',
      clock,
      transport: fetch,
    });
    await expect(client.choosableGroups({ areaId: 'astana', groupYear: 2023 })).rejects.toThrow();
  });
});
