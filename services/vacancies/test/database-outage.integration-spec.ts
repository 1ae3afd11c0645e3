import { randomUUID } from 'node:crypto';
import { ManualClock } from '@kezek/clock';
import { ServiceTokenSigner } from '@kezek/internal-api';
import { createTestDatabase, CuttableProxy, gql, startApp, testConfig } from '@kezek/testing';
import { KindergartensApi } from '@kezek/vacancies-api';
import { AppModule } from '../src/app.module';
import { INTERNAL_SECRET } from './fixtures';

describe('the vacancies subgraph while PostgreSQL is down', () => {
  const clock = new ManualClock();
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: CuttableProxy;
  let server: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    // The app reaches PostgreSQL only through the proxy: cutting it is the outage.
    const proxied = await CuttableProxy.inFrontOf(testDb.url);
    proxy = proxied.proxy;
    const config = {
      ...testConfig({ name: 'vacancies', role: 'api' }, proxied.url),
      INTERNAL_API_SECRET: INTERNAL_SECRET,
    };
    server = await startApp(AppModule.forRoot({ clock, config }));
  });

  afterAll(async () => {
    await proxy?.restore();
    await server?.close();
    await proxy?.close();
    await testDb?.drop();
  });

  const regions = () => gql<{ regions: unknown[] }>(`${server.url}/graphql`, '{ regions { id } }');
  const lookup = async () => {
    const endpoint = KindergartensApi.lookup;
    const token = await new ServiceTokenSigner(INTERNAL_SECRET, 'kezek-identity').sign(endpoint.audience, clock.now());
    const res = await fetch(`${server.url}${endpoint.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ids: [randomUUID()] }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers SERVICE_UNAVAILABLE with HTTP 503 (retryable), then serves again once it is back', async () => {
    expect(await regions()).toMatchObject({ status: 200, data: { regions: expect.any(Array) } });
    expect(await lookup()).toMatchObject({ status: 200 });

    await proxy.cut();
    const down = await regions();
    expect(down.status).toBe(503);
    expect(down.errors).toEqual([
      expect.objectContaining({
        message: 'A service this action needs is not available right now. Try again later.',
        extensions: expect.objectContaining({
          code: 'SERVICE_UNAVAILABLE',
          messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
        }),
      }),
    ]);
    expect(JSON.stringify(down)).not.toMatch(/ECONN|terminated|127\.0\.0\.1|stack/i);
    // The internal API answers the same way, so its caller can tell an outage from a fault.
    expect(await lookup()).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });

    await proxy.restore();
    expect(await regions()).toMatchObject({ status: 200, data: { regions: expect.any(Array) } });
    expect(await lookup()).toMatchObject({ status: 200 });
  });
});
