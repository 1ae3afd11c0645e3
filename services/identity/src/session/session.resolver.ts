import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { Session } from './models/session.model';
import { SessionService } from './session.service';

// NCALayer documents are small; the verifier caps them at 64 KiB anyway.
const signedXml = z
  .string()
  .min(1)
  .max(256 * 1024);

@Resolver()
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  @Mutation(() => Session, { description: 'Sign-in step 2: the challenge signed with the AUTH key' })
  signIn(@Ctx() ctx: RequestContext, @Args('signedXml') xml: string): Promise<Session> {
    const portal = requirePortal(ctx);
    return this.sessions.signIn(validateInput(signedXml, xml), portal.id);
  }

  @Mutation(() => Session)
  refreshSession(@Args('refreshToken') refreshToken: string): Promise<Session> {
    return this.sessions.refresh(validateInput(z.string().min(1).max(200), refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session on every device holding its refresh token' })
  signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.sessions.signOut(requirePrincipal(ctx));
  }
}
