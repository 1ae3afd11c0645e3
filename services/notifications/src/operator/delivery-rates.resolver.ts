import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { periodArgs, regionStatisticsArgs } from '@kezek/statistics';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { DeliveryRatesService } from './delivery-rates.service';
import { NotificationDeliveryRates } from './models/delivery-rates.model';

const args = regionStatisticsArgs.pick({ regionId: true }).and(periodArgs);

@Resolver()
export class DeliveryRatesResolver {
  constructor(private readonly rates: DeliveryRatesService) {}

  @Query(() => NotificationDeliveryRates, {
    description:
      'DISTRICT_OPERATOR (their regions) and ADMIN: notices written in [from, to) per channel and kind — queued, sent, ' +
      'delivered, failed, the reached rate and the median time to reach; read on the read replica (source, lagSeconds), with CSV',
  })
  notificationDeliveryRates(
    @Ctx() ctx: RequestContext,
    @Args('regionId', { type: () => ID }) regionId: string,
    @Args('from', { type: () => String, description: 'An ISO-8601 instant with offset: the first counted' })
    from: string,
    @Args('to', { type: () => String, description: 'An ISO-8601 instant with offset: the first not counted' })
    to: string,
  ): Promise<NotificationDeliveryRates> {
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    const portal = requirePortal(ctx);
    return this.rates.forOperator(principal, portal, validateInput(args, { regionId, from, to }));
  }
}
