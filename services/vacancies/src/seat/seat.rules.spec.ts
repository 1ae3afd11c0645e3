import { CLAIM_PENDING_TTL_SECONDS } from '@kezek/vacancies-api';
import { assertCanPublish, awaitingRoundUntil, expiresAfter } from './seat.rules';

describe('seat rules', () => {
  it('publishes only into the room capacity leaves after every existing seat, enrolled ones included', () => {
    expect(() => assertCanPublish(25, 20, 5)).not.toThrow();
    expect(() => assertCanPublish(25, 20, 6)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ room: 5, capacity: 25, seatsInGroup: 20 }),
      }),
    );
    expect(() => assertCanPublish(20, 25, 1)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ room: 0 }) }),
    );
  });

  it('expires a hold or a pending claim ttl seconds later; a pending claim lasts 15 minutes unless told', () => {
    expect(expiresAfter(new Date('2026-01-05T04:00:00Z'), 900).toISOString()).toBe('2026-01-05T04:15:00.000Z');
    expect(CLAIM_PENDING_TTL_SECONDS.default).toBe(900);
    expect(CLAIM_PENDING_TTL_SECONDS.min).toBeLessThanOrEqual(CLAIM_PENDING_TTL_SECONDS.default);
    expect(CLAIM_PENDING_TTL_SECONDS.default).toBeLessThanOrEqual(CLAIM_PENDING_TTL_SECONDS.max);
  });

  it('lets published seats await their round for the grace, or not at all with a grace of 0', () => {
    const at = new Date('2026-01-05T04:00:00Z');
    expect(awaitingRoundUntil(at, 600)?.toISOString()).toBe('2026-01-05T04:10:00.000Z');
    expect(awaitingRoundUntil(at, 0)).toBeNull();
  });
});
