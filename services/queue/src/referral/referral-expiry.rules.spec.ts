import { DEFAULT_POLICY, resolvePolicy } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { afterExpiry } from './referral-expiry.rules';

describe('an unused referral (R16, R17)', () => {
  it('puts the child back in the queue after the first miss, removes it at the second', () => {
    expect(afterExpiry(0, DEFAULT_POLICY)).toEqual({
      missedReferrals: 1,
      removed: false,
      status: ApplicationStatus.IN_QUEUE,
    });
    expect(afterExpiry(1, DEFAULT_POLICY)).toEqual({
      missedReferrals: 2,
      removed: true,
      status: ApplicationStatus.REMOVED,
    });
  });

  it('takes the count of misses from the policy', () => {
    const three = resolvePolicy({ expiredReferralsBeforeRemoval: 3 });
    expect(afterExpiry(1, three).removed).toBe(false);
    expect(afterExpiry(2, three).removed).toBe(true);
    expect(afterExpiry(0, resolvePolicy({ expiredReferralsBeforeRemoval: 1 })).status).toBe(ApplicationStatus.REMOVED);
  });
});
