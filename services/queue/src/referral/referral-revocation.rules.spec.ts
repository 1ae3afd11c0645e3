import { DEFAULT_POLICY } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { ReferralStatus } from './models/referral-status.enum';
import { assertRevocable, kindergartenBlockUntil, revocationInput } from './referral-revocation.rules';

const ISSUED_AT = new Date('2026-03-02T05:00:00Z');
const REVOCABLE_UNTIL = new Date(ISSUED_AT.getTime() + 24 * 3600_000);
const referral = (status = ReferralStatus.ISSUED) => ({ status, revocableUntil: REVOCABLE_UNTIL });
const holder = { status: ApplicationStatus.REFERRAL_ISSUED };
const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('revoking a referral (R15)', () => {
  it('allows it for exactly 24 hours after issue, and not a millisecond more', () => {
    expect(code(() => assertRevocable(referral(), holder, ISSUED_AT, DEFAULT_POLICY))).toBeNull();
    expect(code(() => assertRevocable(referral(), holder, REVOCABLE_UNTIL, DEFAULT_POLICY))).toBeNull();
    expect(
      code(() => assertRevocable(referral(), holder, new Date(REVOCABLE_UNTIL.getTime() + 1), DEFAULT_POLICY)),
    ).toBe('REVOCATION_WINDOW_CLOSED');
  });

  it('refuses a referral no longer issued', () => {
    for (const status of [ReferralStatus.REVOKED, ReferralStatus.EXPIRED, ReferralStatus.ENROLLED])
      expect(code(() => assertRevocable(referral(status), holder, ISSUED_AT, DEFAULT_POLICY))).toBe('INVALID_STATE');
    expect(
      code(() => assertRevocable(referral(), { status: ApplicationStatus.ENROLLED }, ISSUED_AT, DEFAULT_POLICY)),
    ).toBe('INVALID_STATE');
  });

  it("blocks the offer's kindergartens until its window ends, and nothing once it has", () => {
    const windowEndsAt = new Date('2026-03-04T18:59:59.999Z');
    expect(kindergartenBlockUntil(windowEndsAt, ISSUED_AT)).toEqual(windowEndsAt);
    // The window's last millisecond still lets the child choose: the block holds then too.
    expect(kindergartenBlockUntil(windowEndsAt, windowEndsAt)).toEqual(windowEndsAt);
    expect(kindergartenBlockUntil(windowEndsAt, new Date(windowEndsAt.getTime() + 1))).toBeNull();
  });

  it('needs a reason of 3 to 500 characters', () => {
    const referralId = '11111111-1111-4111-8111-111111111111';
    expect(revocationInput.parse({ referralId, reason: ' Передумали ' }).reason).toBe('Передумали');
    expect(revocationInput.safeParse({ referralId, reason: 'ab' }).success).toBe(false);
    expect(revocationInput.safeParse({ referralId, reason: 'x'.repeat(501) }).success).toBe(false);
  });
});
