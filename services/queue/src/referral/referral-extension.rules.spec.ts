import { DEFAULT_POLICY, resolvePolicy } from '@kezek/policy';
import { ReferralStatus } from './models/referral-status.enum';
import { extendedExpiry, extensionInput } from './referral-extension.rules';

// Issued Monday 2 March 2026: valid to the end of Tuesday 10 March in Almaty (R13).
const EXPIRES = new Date('2026-03-10T18:59:59.999Z');
const NOW = new Date('2026-03-05T05:00:00Z');
const referral = (over: Partial<Parameters<typeof extendedExpiry>[0]> = {}) => ({
  status: ReferralStatus.ISSUED,
  expiresAt: EXPIRES,
  originalExpiresAt: EXPIRES,
  extensions: 0,
  ...over,
});
const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('extending a referral (R14)', () => {
  it('moves the expiry to the end of the chosen Almaty day, at most 30 calendar days after the original', () => {
    expect(extendedExpiry(referral(), '2026-03-11', NOW, DEFAULT_POLICY)).toEqual(new Date('2026-03-11T18:59:59.999Z'));
    // 10 March + 30 calendar days = 9 April: allowed; 10 April is one day too many.
    expect(extendedExpiry(referral(), '2026-04-09', NOW, DEFAULT_POLICY)).toEqual(new Date('2026-04-09T18:59:59.999Z'));
    expect(code(() => extendedExpiry(referral(), '2026-04-10', NOW, DEFAULT_POLICY))).toBe('EXTENSION_TOO_LONG');
  });

  it('refuses a date not after the current expiry as invalid input', () => {
    expect(code(() => extendedExpiry(referral(), '2026-03-10', NOW, DEFAULT_POLICY))).toBe('VALIDATION_FAILED');
    expect(code(() => extendedExpiry(referral(), '2026-03-01', NOW, DEFAULT_POLICY))).toBe('VALIDATION_FAILED');
  });

  it('refuses a second extension, and allows it under a policy of two, still within the original limit', () => {
    const once = referral({ extensions: 1, expiresAt: new Date('2026-03-20T18:59:59.999Z') });
    expect(code(() => extendedExpiry(once, '2026-03-25', NOW, DEFAULT_POLICY))).toBe('EXTENSION_ALREADY_USED');
    const twice = resolvePolicy({ extensionsAllowed: 2 });
    expect(extendedExpiry(once, '2026-03-25', NOW, twice)).toEqual(new Date('2026-03-25T18:59:59.999Z'));
    expect(code(() => extendedExpiry(once, '2026-04-10', NOW, twice))).toBe('EXTENSION_TOO_LONG');
    expect(code(() => extendedExpiry(once, '2026-03-20', NOW, twice))).toBe('VALIDATION_FAILED');
    expect(code(() => extendedExpiry(referral({ extensions: 2 }), '2026-03-25', NOW, twice))).toBe(
      'EXTENSION_ALREADY_USED',
    );
  });

  it('refuses an expired referral, one past its expiry, and one no longer issued', () => {
    expect(extendedExpiry(referral(), '2026-03-11', EXPIRES, DEFAULT_POLICY)).toEqual(
      new Date('2026-03-11T18:59:59.999Z'),
    );
    expect(code(() => extendedExpiry(referral(), '2026-03-11', new Date(EXPIRES.getTime() + 1), DEFAULT_POLICY))).toBe(
      'REFERRAL_EXPIRED',
    );
    expect(
      code(() => extendedExpiry(referral({ status: ReferralStatus.EXPIRED }), '2026-03-11', NOW, DEFAULT_POLICY)),
    ).toBe('REFERRAL_EXPIRED');
    for (const status of [ReferralStatus.REVOKED, ReferralStatus.ENROLLED])
      expect(code(() => extendedExpiry(referral({ status }), '2026-03-11', NOW, DEFAULT_POLICY))).toBe('INVALID_STATE');
  });

  it('takes a calendar date and a reason of 3 to 500 characters', () => {
    const referralId = '11111111-1111-4111-8111-111111111111';
    const ok = { referralId, until: '2026-03-20', reason: ' Ребёнок болеет ' };
    expect(extensionInput.parse(ok).reason).toBe('Ребёнок болеет');
    for (const bad of [
      { ...ok, until: '2026-02-30' },
      { ...ok, until: '20.03.2026' },
      { ...ok, reason: ' ab ' },
      { ...ok, reason: 'x'.repeat(501) },
      { ...ok, reason: 'with\u0000nul' },
      { ...ok, referralId: 'nope' },
    ])
      expect(extensionInput.safeParse(bad).success).toBe(false);
  });
});
