import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { SignedActionResult } from './models/signed-action-result.model';
import { SignedActionService } from './signed-action.service';

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
