import { Args, createUnionType, ID, Mutation, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Application, Referral } from '../application/application.entity';
import { SignedActionService } from './signed-action.service';

export const SignedActionResult = createUnionType({
  name: 'SignedActionResult',
  types: () => [Application, Referral] as const,
  resolveType: (value) => (value instanceof Referral ? Referral : Application),
});

const submitInput = z.object({
  requestId: z.string().uuid(),
  signedXml: z
    .string()
    .min(1)
    .max(256 * 1024),
});

@Resolver()
export class SignedActionResolver {
  constructor(private readonly actions: SignedActionService) {}

  @Mutation(() => SignedActionResult, { description: 'Sign step 2 for every prepare… action: performs it once' })
  submitSigned(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('signedXml') signedXml: string,
  ) {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const input = validateInput(submitInput, { requestId, signedXml });
    return this.actions.submit(principal, portal, input.requestId, input.signedXml);
  }
}
