import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, requirePortal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { PublicQueuePosition } from './models/public-queue-position.model';
import { publicLookupInput } from './public-queue-position.schema';
import { PublicQueuePositionService } from './public-queue-position.service';

@Resolver(() => PublicQueuePosition)
export class PublicQueuePositionResolver {
  constructor(private readonly positions: PublicQueuePositionService) {}

  @Query(() => PublicQueuePosition, {
    nullable: true,
    description:
      "Without sign-in: an application's status and queue numbers by its number and the child's IIN together; null when they do not match (rate-limited per client address)",
  })
  queuePosition(
    @Ctx() ctx: RequestContext,
    @Args('number') number: string,
    @Args('childIin') childIin: string,
  ): Promise<PublicQueuePosition | null> {
    const input = validateInput(publicLookupInput, { number, childIin });
    return this.positions.lookup(requirePortal(ctx), input.number, input.childIin);
  }
}
