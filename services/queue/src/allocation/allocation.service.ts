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
    const heads = await this.repository.eligibleHeads({
      queueAreaId,
      groupYear,
      limit: n,
      at,
      latestBirthDate: latestEligibleBirthDate(at, policy),
    });
    return allocationOrder(heads, at, policy).slice(0, n);
  }
}
