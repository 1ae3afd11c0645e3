import { ManualClock } from '@kezek/clock';
import { ServiceTokenVerifier } from '@kezek/internal-api';
import { SigningRequestsApi } from './identity-api';
import { IdentityApiClient } from './identity-api.client';

const SECRET = 'identity-api-unit-secret-0123456789';
const clock = new ManualClock('2026-03-02T05:00:00Z');
const REQUEST_ID = '6f1c1f0e-8d3a-4d55-9a50-3e0f7f2b8c11';

function clientAnswering(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return {
    calls,
    client: new IdentityApiClient({
      baseUrl: 'http://identity:4001',
      secret: SECRET,
      service: 'kezek-queue',
      clock,
      transport: fetch,
    }),
  };
}

describe('the identity API client', () => {
  it("calls identity's internal API with a service token for its audience and parses the answer", async () => {
    const { calls, client } = clientAnswering(201, {
      id: REQUEST_ID,
      action: 'queue.withdraw-application',
      xml: '<kezekSigning/>',
      expiresAt: '2026-03-02T10:10:00.000+05:00',
    });
    const request = await client.prepare({
      action: 'queue.withdraw-application',
      subject: 'УО.1',
      signerIin: '920417401201',
      parameters: { reason: 'x' },
    });
    expect(request.expiresAt).toEqual(new Date('2026-03-02T05:10:00Z'));
    expect(calls[0].url).toBe('http://identity:4001/internal/signing-requests');
    const token = String((calls[0].init.headers as Record<string, string>).authorization).slice(7);
    await expect(
      new ServiceTokenVerifier(SECRET, SigningRequestsApi.prepare.audience).verify(token, clock.now()),
    ).resolves.toEqual({ service: 'kezek-queue' });
  });

  it("rethrows identity's refusals as the same DomainError and masks everything else", async () => {
    const refusal = clientAnswering(422, {
      code: 'SIGNER_MISMATCH',
      message: 'SIGNER_MISMATCH: signer IIN differs',
      details: { reason: 'signer IIN differs' },
    });
    await expect(
      refusal.client.submit({ requestId: REQUEST_ID, signedXml: '<x/>', signerIin: '920417401201' }),
    ).rejects.toMatchObject({
      name: 'DomainError',
      code: 'SIGNER_MISMATCH',
      details: { reason: 'signer IIN differs' },
      messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
    });
    const failure = clientAnswering(500, { code: 'INTERNAL_SERVER_ERROR' });
    await expect(
      failure.client.submit({ requestId: REQUEST_ID, signedXml: '<x/>', signerIin: '920417401201' }),
    ).rejects.toThrow('identity signing API answered HTTP 500');
    const unknown = clientAnswering(400, { code: 'NOT_A_CODE' });
    await expect(
      unknown.client.submit({ requestId: REQUEST_ID, signedXml: '<x/>', signerIin: '920417401201' }),
    ).rejects.not.toHaveProperty('code');
  });
});
