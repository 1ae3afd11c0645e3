import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '@kezek/errors';
import { InternalApiErrorFilter } from './internal-api.server';

function answer(error: unknown): { status?: number; body?: Record<string, unknown> } {
  const out: { status?: number; body?: Record<string, unknown> } = {};
  const res = {
    status: (s: number) => ((out.status = s), res),
    json: (b: Record<string, unknown>) => ((out.body = b), res),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new InternalApiErrorFilter().catch(error, host);
  return out;
}

describe('InternalApiErrorFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('answers a database connection that failed with 503 SERVICE_UNAVAILABLE', () => {
    const terminated = new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'));
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const e of [terminated, refused]) {
      const out = answer(e);
      expect(out.status).toBe(503);
      expect(out.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', messages: { en: expect.any(String) } });
      expect(JSON.stringify(out.body)).not.toMatch(/SELECT|ECONNREFUSED|terminated/);
    }
  });

  it('still masks other faults as 500 and answers refusals with their code', () => {
    expect(answer(new Error('boom'))).toEqual({
      status: 500,
      body: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
    });
    expect(answer(new DomainError('NO_FREE_SEATS'))).toMatchObject({ status: 409, body: { code: 'NO_FREE_SEATS' } });
  });
});
