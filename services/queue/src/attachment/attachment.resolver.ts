import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { SigningRequest } from '../signed-action/signing-request.model';
import { AttachmentService } from './attachment.service';

@Resolver()
export class AttachmentResolver {
  constructor(private readonly attachments: AttachmentService) {}

  @Mutation(() => SigningRequest, {
    description:
      "R9: attach a child's application to the caller's IIN (the civil registry must list them as a parent); sign the returned XML, then submitSigned",
  })
  prepareAttachApplication(
    @Ctx() ctx: RequestContext,
    @Args('number') number: string,
    @Args('childIin') childIin: string,
  ) {
    return this.attachments.prepare(requirePrincipal(ctx), requirePortal(ctx), { number, childIin });
  }
}
