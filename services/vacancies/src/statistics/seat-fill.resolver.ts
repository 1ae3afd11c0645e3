import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { regionStatisticsArgs } from '@kezek/statistics';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { SeatFill } from './models/seat-fill.model';
import { SeatFillService } from './seat-fill.service';

@Resolver()
export class SeatFillResolver {
  constructor(private readonly fill: SeatFillService) {}

  @Query(() => SeatFill, {
    description:
      'DISTRICT_OPERATOR (their regions) and ADMIN: per kindergarten and group year — capacity, occupied, enrolled, ' +
      'claimed by referrals, held for offers, free, fill ratio; read on the read replica (source, lagSeconds), with CSV',
  })
  seatFill(
    @Ctx() ctx: RequestContext,
    @Args('regionId', { type: () => ID }) regionId: string,
    @Args('groupYear', { type: () => Int, nullable: true }) groupYear?: number,
  ): Promise<SeatFill> {
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    const portal = requirePortal(ctx);
    const args = validateInput(regionStatisticsArgs, { regionId, groupYear: groupYear ?? undefined });
    return this.fill.forOperator(principal, portal, args.regionId, args.groupYear);
  }
}
