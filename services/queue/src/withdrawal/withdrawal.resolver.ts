import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { SigningRequest } from '../signed-action/signing-request.model';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { WithdrawalService } from './withdrawal.service';

@Resolver()
export class WithdrawalResolver {
  constructor(private readonly withdrawals: WithdrawalService) {}

  @Mutation(() => SigningRequest, {
    description: 'Снять с очереди (R20): the applicant signs the returned XML, then submitSigned',
  })
  prepareWithdrawal(
    @Ctx() ctx: RequestContext,
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('reason') reason: string,
  ) {
    return this.withdrawals.prepare(requirePrincipal(ctx), requirePortal(ctx), { applicationId, reason });
  }
}
