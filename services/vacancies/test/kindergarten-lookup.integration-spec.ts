import { randomUUID } from 'node:crypto';
import { ManualClock } from '@kezek/clock';
import { KindergartensApi, VacanciesApiClient } from '@kezek/vacancies-api';
import { INTERNAL_SECRET, kindergartenWithGroup, serviceToken, startVacancies } from './fixtures';

type Err = { code: string; messages: Record<string, string>; details?: Record<string, unknown>; message: string };

describe('kindergarten lookup API on real PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let env: Awaited<ReturnType<typeof startVacancies>>;
  let registry: VacanciesApiClient;

  beforeAll(async () => {
    env = await startVacancies(clock);
    registry = new VacanciesApiClient({ baseUrl: env.url, secret: INTERNAL_SECRET, service: 'kezek-identity', clock });
  });
  afterAll(() => env?.close());

  const post = async (body: unknown, token?: string) => {
    const res = await fetch(`${env.url}${KindergartensApi.lookup.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Err };
  };

  it('refuses callers without a valid service token with 401', async () => {
    const body = { ids: [randomUUID()] };
    expect(await post(body)).toMatchObject({
      status: 401,
      body: {
        code: 'UNAUTHENTICATED',
        messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
      },
    });
    expect((await post(body, await serviceToken(clock, 'another-secret-of-the-same-length-00000000'))).status).toBe(
      401,
    );
    const stale = await serviceToken(clock);
    clock.advance(61_000);
    expect((await post(body, stale)).status).toBe(401);
    const stranger = new VacanciesApiClient({
      baseUrl: env.url,
      secret: `${INTERNAL_SECRET}-other`,
      service: 'kezek-identity',
      clock,
    });
    await expect(stranger.lookupKindergartens(body.ids)).rejects.toMatchObject({
      name: 'DomainError',
      code: 'UNAUTHENTICATED',
    });
  });

  it('answers the region and district of the registered kindergartens and leaves unknown ids out', async () => {
    const astana = await kindergartenWithGroup(env.db, { regionId: 'astana', districtId: 'astana-almaty' });
    const almaty = await kindergartenWithGroup(env.db, { regionId: 'almaty', districtId: 'almaty-medeu' });
    const unknown = randomUUID();
    const found = await registry.lookupKindergartens([
      astana.kindergartenId,
      unknown,
      almaty.kindergartenId,
      astana.kindergartenId,
    ]);
    expect(found).toHaveLength(2);
    expect(found).toEqual(
      expect.arrayContaining([
        { id: astana.kindergartenId, regionId: 'astana', districtId: 'astana-almaty' },
        { id: almaty.kindergartenId, regionId: 'almaty', districtId: 'almaty-medeu' },
      ]),
    );
    expect(await registry.lookupKindergartens([unknown])).toEqual([]);
    // Upper-case UUIDs are the same kindergartens; the answer names them canonically.
    expect(await registry.lookupKindergartens([almaty.kindergartenId.toUpperCase()])).toEqual([
      { id: almaty.kindergartenId, regionId: 'almaty', districtId: 'almaty-medeu' },
    ]);
  });

  it('validates the request: 1 to 100 UUIDs', async () => {
    const token = await serviceToken(clock);
    for (const body of [
      {},
      { ids: [] },
      { ids: ['k-10'] },
      { ids: Array.from({ length: 101 }, () => randomUUID()) },
      { ids: 'x' },
    ]) {
      expect(await post(body, token)).toMatchObject({
        status: 400,
        body: {
          code: 'VALIDATION_FAILED',
          details: { fields: [expect.objectContaining({ field: expect.stringMatching(/^ids/) })] },
        },
      });
    }
  });
});
