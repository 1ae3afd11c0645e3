import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { z } from 'zod';
import { validateInput } from '@kezek/validation';
import { Application } from '../application/application.entity';
import { canSeeApplication } from '../application/visibility.rules';
import { GroupRef } from '../federation/models/group-ref.model';
import { Offer } from './offer.entity';
import { OfferService } from './offer.service';

const refs = (ids: string[]): GroupRef[] => ids.map((id) => ({ id }));

@Resolver(() => Offer)
export class OfferResolver {
  constructor(private readonly offers: OfferService) {}

  @ResolveField(() => [GroupRef], { description: 'kindergartens whose seats are held for this child' })
  async groups(@Parent() offer: Offer): Promise<GroupRef[]> {
    return refs(await this.offers.heldGroups(offer));
  }
}

@Resolver(() => Application)
export class ApplicationOfferResolver {
  constructor(private readonly offers: OfferService) {}

  @ResolveField(() => Offer, {
    nullable: true,
    description: 'The open offer (R10): choose a kindergarten until it expires',
  })
  currentOffer(@Parent() app: Application): Promise<Offer | null> {
    return this.offers.currentOffer(app.id);
  }

  @Query(() => [GroupRef], {
    description: 'kindergartens the child may choose now (turn came or free choice); empty otherwise',
  })
  async availableGroups(
    @Ctx() ctx: RequestContext,
    @Args('applicationId', { type: () => ID }) applicationId: string,
  ): Promise<GroupRef[]> {
    const principal = requirePrincipal(ctx);
    const portal = requirePortal(ctx);
    const { id } = validateInput(z.object({ id: z.string().uuid() }), { id: applicationId });
    const chooser = await this.offers.chooser(id);
    const { app } = chooser;
    // What the caller may not see has nothing to choose (numbers and ids cannot be probed).
    if (!app || !canSeeApplication(principal, portal, app)) return [];
    return refs(await this.offers.availableGroups({ ...chooser, app }, portal.policy));
  }
}
