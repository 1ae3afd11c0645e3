import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, requirePortal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { dayHeadsInput, logRangeInput } from '../fairness.schema';
import { AllocationLogService } from './allocation-log.service';
import { AllocationLogDayHead, AllocationLogEntry } from './models/allocation-log.model';

/** The portal's allocation log, without sign-in: it names no child, only pseudonyms. */
@Resolver()
export class AllocationLogResolver {
  constructor(private readonly log: AllocationLogService) {}

  @Query(() => [AllocationLogEntry], {
    description: 'Without sign-in: the portal’s allocation log from seq `fromSeq`, at most `limit` (≤ 500) entries',
  })
  async allocationLog(
    @Ctx() ctx: RequestContext,
    @Args('fromSeq', { type: () => Int }) fromSeq: number,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<AllocationLogEntry[]> {
    const input = validateInput(logRangeInput, { fromSeq, limit });
    const entries = await this.log.range(requirePortal(ctx).id, input.fromSeq, input.limit);
    return entries.map((e) => ({ ...e, body: JSON.stringify(e.body) }));
  }

  @Query(() => [AllocationLogDayHead], {
    description:
      'Without sign-in: the signed heads of the portal’s allocation log for the Almaty days from–to (YYYY-MM-DD)',
  })
  allocationLogHeads(
    @Ctx() ctx: RequestContext,
    @Args('from') from: string,
    @Args('to') to: string,
  ): Promise<AllocationLogDayHead[]> {
    const input = validateInput(dayHeadsInput, { from, to });
    return this.log.dayHeads(requirePortal(ctx).id, input.from, input.to);
  }

  @Query(() => String, {
    description: 'Without sign-in: the public key (PEM) the allocation log’s day heads are signed with now',
  })
  allocationLogKey(): string {
    return this.log.publicKeyPem;
  }
}
