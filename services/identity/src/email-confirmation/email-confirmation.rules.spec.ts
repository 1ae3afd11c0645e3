import { CODE_MAX_ATTEMPTS, needsNewCode, newCode, PendingCode, tryCode } from './email-confirmation.rules';

const now = new Date('2027-03-01T04:00:00Z');
const later = (h: number) => new Date(now.getTime() + h * 3_600_000);
const pending = (over: Partial<PendingCode> = {}): PendingCode => ({
  email: 'a@example.kz',
  code: '012345',
  expiresAt: later(24),
  attempts: 0,
  confirmedAt: null,
  ...over,
});
const unconfirmed = { email: 'a@example.kz', emailConfirmedAt: null };

describe('e-mail confirmation codes', () => {
  it('are six digits, leading zeros kept', () => {
    const codes = Array.from({ length: 500 }, newCode);
    expect(codes.every((c) => /^[0-9]{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(490);
  });

  it('are sent for a new e-mail, or one without a usable code; not again on a retry, nor for a confirmed one', () => {
    expect(needsNewCode('a@example.kz', { email: null, emailConfirmedAt: null }, null, now)).toBe(true);
    expect(needsNewCode('a@example.kz', unconfirmed, pending(), now)).toBe(false);
    expect(needsNewCode('b@example.kz', unconfirmed, pending(), now)).toBe(true);
    expect(needsNewCode('a@example.kz', unconfirmed, pending({ expiresAt: now }), now)).toBe(true);
    expect(needsNewCode('a@example.kz', unconfirmed, pending({ attempts: CODE_MAX_ATTEMPTS }), now)).toBe(true);
    expect(needsNewCode('a@example.kz', { email: 'a@example.kz', emailConfirmedAt: now }, null, now)).toBe(false);
    // A confirmed code of an address given again after another: a new code.
    expect(
      needsNewCode(
        'a@example.kz',
        { email: 'b@example.kz', emailConfirmedAt: null },
        pending({ confirmedAt: now }),
        now,
      ),
    ).toBe(true);
  });

  it('confirm the e-mail they were sent to, until they expire or five wrong tries spend them', () => {
    expect(tryCode(pending(), '012345', 'a@example.kz', later(23))).toBe('CONFIRMED');
    expect(tryCode(pending(), '012346', 'a@example.kz', now)).toBe('WRONG');
    expect(tryCode(pending(), '12345', 'a@example.kz', now)).toBe('WRONG');
    expect(tryCode(pending(), '012345', 'a@example.kz', later(24))).toBe('UNUSABLE');
    expect(tryCode(pending({ attempts: CODE_MAX_ATTEMPTS }), '012345', 'a@example.kz', now)).toBe('UNUSABLE');
    expect(tryCode(pending({ attempts: CODE_MAX_ATTEMPTS - 1 }), '012345', 'a@example.kz', now)).toBe('CONFIRMED');
    // The person changed the e-mail since: the old code confirms nothing.
    expect(tryCode(pending(), '012345', 'b@example.kz', now)).toBe('UNUSABLE');
    expect(tryCode(null, '012345', 'a@example.kz', now)).toBe('UNUSABLE');
  });

  it('answer a repeated successful confirmation the same, and nothing else for a confirmed code', () => {
    expect(tryCode(pending({ confirmedAt: now }), '012345', 'a@example.kz', later(30))).toBe('ALREADY_CONFIRMED');
    expect(tryCode(pending({ confirmedAt: now }), '999999', 'a@example.kz', now)).toBe('UNUSABLE');
  });
});
