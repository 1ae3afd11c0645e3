import { PortalPolicy } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';

/**
 * R16, R17: after a referral expired unused the child is back in the queue (on the stop-list),
 * unless that makes the policy's count of misses: then it is removed from the queue.
 */
export function afterExpiry(
  missedReferrals: number,
  policy: Pick<PortalPolicy, 'expiredReferralsBeforeRemoval'>,
): { missedReferrals: number; removed: boolean; status: ApplicationStatus } {
  const missed = missedReferrals + 1;
  const removed = missed >= policy.expiredReferralsBeforeRemoval;
  return { missedReferrals: missed, removed, status: removed ? ApplicationStatus.REMOVED : ApplicationStatus.IN_QUEUE };
}
