import { ManualClock } from '@kezek/clock';
import { HttpAnswer, HttpRequestInit, HttpTransport } from '@kezek/http-client';
import { z } from 'zod';
import { InternalApiClient } from './internal-api.client';
import { defineInternalEndpoint } from './internal-endpoint';
import { ServiceAudience, ServiceTokenVerifier } from './service-token';

const SECRET = 'internal-api-client-unit-secret-0123456789';
const clock = new ManualClock('2026-03-02T05:00:00Z');
const endpoint = defineInternalEndpoint({
  audience: ServiceAudience.VacanciesInternal,
  method: 'POST',
  path: '/internal/x',
  request: z.object({ ids: z.array(z.string()).optional() }),
  response: z.object({ n: z.number() }),
  refusals: ['NOT_FOUND'],
});

function clientOf(transport: HttpTransport, baseUrl = 'http://vacancies:4003') {
  return new InternalApiClient({
    baseUrl,
    secret: SECRET,
    service: 'kezek-identity',
    name: 'vacancies registry API',
    clock,
    transport,
    timeoutMs: 50,
  });
}

function answering(status: number, body: unknown) {
  const calls: Array<{ url: string; init: HttpRequestInit }> = [];
  const transport: HttpTransport = async (url, init) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }) as HttpAnswer;
  };
  return { calls, client: clientOf(transport, 'http://vacancies:4003/') };
}

describe('a client of an internal API', () => {
  it("POSTs JSON with a fresh service token for the endpoint's audience and parses the answer with its response schema", async () => {
    const { calls, client } = answering(200, { n: 1, extra: 'dropped' });
    await expect(client.call(endpoint, { ids: ['a'] })).resolves.toEqual({ n: 1 });
    expect(calls[0].url).toBe('http://vacancies:4003/internal/x');
    expect(calls[0].init).toMatchObject({ method: 'POST', body: '{"ids":["a"]}' });
    const token = String((calls[0].init.headers as Record<string, string>).authorization).slice(7);
    await expect(
      new ServiceTokenVerifier(SECRET, ServiceAudience.VacanciesInternal).verify(token, clock.now()),
    ).resolves.toEqual({ service: 'kezek-identity' });
    await expect(
      new ServiceTokenVerifier(SECRET, ServiceAudience.IdentityInternal).verify(token, clock.now()),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("rethrows declared refusals (the plumbing's included) as the same DomainError", async () => {
    const { client } = answering(400, {
      code: 'VALIDATION_FAILED',
      messages: {},
      message: 'invalid input: ids too long',
      details: { fields: [{ field: 'ids' }] },
    });
    await expect(client.call(endpoint, {})).rejects.toMatchObject({
      name: 'DomainError',
      code: 'VALIDATION_FAILED',
      message: 'invalid input: ids too long',
      details: { fields: [{ field: 'ids' }] },
    });
    await expect(
      answering(404, { code: 'NOT_FOUND', messages: {}, message: 'no such x' }).client.call(endpoint, {}),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'NOT_FOUND', message: 'no such x' });
  });

  it('fails closed on a refusal the endpoint does not declare: an ordinary error, no code', async () => {
    const undeclared = answering(409, { code: 'NO_FREE_SEATS', messages: {}, message: 'no free seat' }).client;
    const refused = undeclared.call(endpoint, {});
    await expect(refused).rejects.not.toHaveProperty('code');
    await expect(refused).rejects.toThrow(
      'vacancies registry API answered HTTP 409 with NO_FREE_SEATS, not a refusal of /internal/x',
    );
  });

  it('rethrows an outage of the serving service (503 SERVICE_UNAVAILABLE) as SERVICE_UNAVAILABLE', async () => {
    await expect(
      answering(503, { code: 'SERVICE_UNAVAILABLE', messages: {} }).client.call(endpoint, {}),
    ).rejects.toMatchObject({
      name: 'DomainError',
      code: 'SERVICE_UNAVAILABLE',
      details: { service: 'vacancies registry API' },
    });
    // Another 5xx stays an ordinary error, whatever its body says.
    await expect(answering(500, { code: 'SERVICE_UNAVAILABLE' }).client.call(endpoint, {})).rejects.not.toHaveProperty(
      'code',
    );
  });

  it('answers anything else with an ordinary error naming the API', async () => {
    await expect(answering(500, { code: 'INTERNAL_SERVER_ERROR' }).client.call(endpoint, {})).rejects.toThrow(
      new Error('vacancies registry API answered HTTP 500'),
    );
    await expect(answering(401, { code: 'NOT_A_CODE' }).client.call(endpoint, {})).rejects.not.toHaveProperty('code');
    await expect(answering(502, '<html>bad gateway</html>').client.call(endpoint, {})).rejects.toThrow(
      'answered HTTP 502',
    );
    await expect(answering(200, { n: 'one' }).client.call(endpoint, {})).rejects.toThrow(
      /vacancies registry API answered HTTP 200 outside its contract: n Expected number/,
    );

    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const down = clientOf(async () => Promise.reject(refused));
    await expect(down.call(endpoint, {})).rejects.toThrow(
      'vacancies registry API did not answer: fetch failed: ECONNREFUSED',
    );
    const silent = clientOf(
      (_, init) =>
        new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    await expect(silent.call(endpoint, {})).rejects.toThrow(
      'vacancies registry API did not answer: no answer within 50 ms',
    );
  });
});
