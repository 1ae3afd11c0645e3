import { Module } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessTokenSigner } from '@kezek/auth';
import { z } from 'zod';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { validateInput } from '@kezek/validation';
import { ChallengeService } from '../challenge/challenge.service';
import { IdentityConfig } from '../config';
import { RoleGrantModule } from '../role-grant/role-grant.resolver';
import { AuthChallenge, Session } from './session.types';
import { SessionService } from './session.service';

// NCALayer documents are small; the verifier caps them at 64 KiB anyway.
const signedXml = z
  .string()
  .min(1)
  .max(256 * 1024);

@Resolver()
export class SessionResolver {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly sessions: SessionService,
  ) {}

  @Query(() => AuthChallenge, { description: 'Sign-in step 1: the document to sign with the AUTH key' })
  authChallenge(@Ctx() ctx: RequestContext): Promise<AuthChallenge> {
    return this.challenges.issue(requirePortal(ctx).id);
  }

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

@Module({
  imports: [RoleGrantModule],
  providers: [
    ChallengeService,
    SessionService,
    SessionResolver,
    {
      provide: AccessTokenSigner,
      inject: [SERVICE_CONFIG],
      useFactory: (config: IdentityConfig) => new AccessTokenSigner(config.AUTH_JWT_PRIVATE_KEY),
    },
  ],
})
export class SessionModule {}
