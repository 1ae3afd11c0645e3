import { Injectable } from '@nestjs/common';
import { PortalPolicy } from '@kezek/policy';
import { AllocationCandidate, allocationOrder, latestEligibleBirthDate } from './allocation-order.rules';
import { AllocationRepository } from './allocation.repository';

@Injectable()
export class AllocationService {
  constructor(private readonly repository: AllocationRepository) {}

  /**
   * The next `n` children to offer seats to (R7, R8) when `n` seats appear at `at`. The first `n`
   * of the merged order take at most `n` from each privilege category, so the first `n` eligible
   * of each category are all `allocationOrder` needs.
   */
  async nextEligible(
    queueAreaId: string,
    groupYear: number,
    n: number,
    at: Date,
    policy: PortalPolicy,
  ): Promise<AllocationCandidate[]> {
    return this.nextEligibleIn([queueAreaId], groupYear, n, at, policy);
  }

  /**
   * The same over the queues of several areas taken as one (a kindergarten's seats serve its
   * district's queue and its city's; a portal queues by one of the two, so in practice one is
   * empty). Each area's first `n` per category are all the merged order needs.
   */
  async nextEligibleIn(
    queueAreaIds: readonly string[],
    groupYear: number,
    n: number,
    at: Date,
    policy: PortalPolicy,
  ): Promise<AllocationCandidate[]> {
    const latestBirthDate = latestEligibleBirthDate(at, policy);
    const heads = await Promise.all(
      [...new Set(queueAreaIds)].map((queueAreaId) =>
        this.repository.eligibleHeads({ queueAreaId, groupYear, limit: n, at, latestBirthDate }),
      ),
    );
    return allocationOrder(heads.flat(), at, policy).slice(0, n);
  }
}
