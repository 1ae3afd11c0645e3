import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { regionStatisticsArgs } from '@kezek/statistics';
import { validateInput } from '@kezek/validation';
import { OpenQueueStatistics, QueueStatistics } from './models/queue-statistics.model';
import { StatisticsService } from './statistics.service';

const region = regionStatisticsArgs.shape.regionId;

@Resolver()
export class StatisticsResolver {
  constructor(private readonly statistics: StatisticsService) {}

  @Query(() => QueueStatistics, {
    description:
      'DISTRICT_OPERATOR (their regions) and ADMIN: per queue area, group year and privilege — children per status, ' +
      'on the stop-list, offers and how long children waited for them, lapsed offers, expired and revoked referrals; ' +
      'read on the read replica (source, lagSeconds), with CSV',
  })
  queueStatistics(
    @Ctx() ctx: RequestContext,
    @Args('regionId', { type: () => ID }) regionId: string,
    @Args('groupYear', { type: () => Int, nullable: true }) groupYear?: number,
  ): Promise<QueueStatistics> {
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    const portal = requirePortal(ctx);
    const args = validateInput(regionStatisticsArgs, { regionId, groupYear: groupYear ?? undefined });
    return this.statistics.forOperator(principal, portal, args.regionId, args.groupYear);
  }

  @Query(() => OpenQueueStatistics, {
    description:
      'Without sign-in: a city’s children waiting, with a referral and enrolled per group year; counts below 5 are null',
  })
  openQueueStatistics(
    @Ctx() ctx: RequestContext,
    @Args('regionId', { type: () => ID }) regionId: string,
  ): Promise<OpenQueueStatistics> {
    return this.statistics.open(requirePortal(ctx), validateInput(region, regionId));
  }
}
