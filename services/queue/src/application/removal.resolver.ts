import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { Application } from './application.entity';
import { RemovalService } from './removal.service';

@Resolver(() => Application)
export class RemovalResolver {
  constructor(private readonly removals: RemovalService) {}

  @Mutation(() => Application, {
    description:
      "DISTRICT_OPERATOR of the application's region or ADMIN: removes the child from the queue (REMOVED) with a reason, " +
      'recorded in its history; an open offer ends, an issued referral is cancelled and its seat freed; the parents are ' +
      'told. Only IN_QUEUE, NOTIFIED and REFERRAL_ISSUED are removed (else INVALID_STATE); removing a removed ' +
      'application returns it unchanged.',
  })
  removeFromQueue(
    @Ctx() ctx: RequestContext,
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('reason') reason: string,
  ): Promise<Application> {
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    return this.removals.remove(principal, requirePortal(ctx), { applicationId, reason });
  }
}
