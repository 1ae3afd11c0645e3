import { Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, requirePortal } from '@kezek/subgraph';
import { ChallengeService } from './challenge.service';
import { AuthChallenge } from './models/auth-challenge.model';

@Resolver()
export class ChallengeResolver {
  constructor(private readonly challenges: ChallengeService) {}

  @Query(() => AuthChallenge, { description: 'Sign-in step 1: the document to sign with the AUTH key' })
  authChallenge(@Ctx() ctx: RequestContext): Promise<AuthChallenge> {
    return this.challenges.issue(requirePortal(ctx).id);
  }
}
