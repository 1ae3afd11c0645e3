import { Args, ID, Mutation, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { byKey, Ctx, LocalDate, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { Application } from '../application/application.entity';
import { applicationLoader } from '../application/application.loader';
import { ApplicationService } from '../application/application.service';
import { canSeeApplication } from '../application/visibility.rules';
import { SigningRequest } from '../signed-action/signing-request.model';
import { ReferralExtensionService } from './referral-extension.service';
import { ReferralIssueService } from './referral-issue.service';
import { ReferralRevocationService } from './referral-revocation.service';
import { Referral } from './referral.entity';

@Resolver(() => Referral)
export class ReferralResolver {
  constructor(
    private readonly applications: ApplicationService,
    private readonly issue: ReferralIssueService,
    private readonly extension: ReferralExtensionService,
    private readonly revocation: ReferralRevocationService,
  ) {}

  @Mutation(() => SigningRequest, {
    description:
      'Choose a kindergarten (R12): the applicant signs the returned XML, then submitSigned issues the referral',
  })
  prepareReferral(
    @Ctx() ctx: RequestContext,
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('groupId', { type: () => ID }) groupId: string,
  ) {
    return this.issue.prepare(requirePrincipal(ctx), requirePortal(ctx), { applicationId, groupId });
  }

  @Mutation(() => SigningRequest, {
    description:
      'Продлить направление (R14): once, to a date at most the policy’s calendar days after the original expiry, with a reason; the applicant signs the returned XML, then submitSigned',
  })
  prepareReferralExtension(
    @Ctx() ctx: RequestContext,
    @Args('referralId', { type: () => ID }) referralId: string,
    @Args('until', { type: () => LocalDate }) until: string,
    @Args('reason') reason: string,
  ) {
    return this.extension.prepare(requirePrincipal(ctx), requirePortal(ctx), { referralId, until, reason });
  }

  @Mutation(() => SigningRequest, {
    description:
      'Отозвать направление (R15): within revocableUntil, with a reason; the child returns to its queue place and the offer’s kindergartens close to it until the offer window ends. Sign, then submitSigned',
  })
  prepareReferralRevocation(
    @Ctx() ctx: RequestContext,
    @Args('referralId', { type: () => ID }) referralId: string,
    @Args('reason') reason: string,
  ) {
    return this.revocation.prepare(requirePrincipal(ctx), requirePortal(ctx), { referralId, reason });
  }

  @ResolveField(() => Application)
  application(@Parent() referral: Referral, @Ctx() ctx: RequestContext): Promise<Application | null> {
    return applicationLoader(ctx, this.applications).load(referral.applicationId);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, ctx: RequestContext): Promise<Referral | null> {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const referral = await ctx.loaders
      .get(
        'referral',
        byKey(
          (ids: string[]) => this.applications.referralsByIds(ids),
          (r) => r.id,
        ),
      )
      .load(ref.id);
    if (!referral) return null;
    const app = await this.application(referral, ctx);
    return app && canSeeApplication(principal, portal, app) ? referral : null;
  }
}
