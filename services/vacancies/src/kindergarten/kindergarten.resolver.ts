import { Args, Float, ID, Int, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { byGroup, Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { z } from 'zod';
import { assertPortalServes, staffKindergartenId } from './access.rules';
import { Group } from '../group/group.entity';
import { Kindergarten } from './kindergarten.entity';
import { kindergartenLoader } from './kindergarten.loader';
import { KindergartenService } from './kindergarten.service';
import { GeoPointInput } from './models/geo-point.input';
import { Language } from '@kezek/subgraph';

const searchInput = z
  .object({
    regionId: z.string().min(1).max(64),
    districtId: z.string().min(1).max(64).optional(),
    groupYear: z.number().int().min(2000).max(2100).optional(),
    near: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
    radiusKm: z.number().positive().max(1000).optional(),
  })
  .refine((q) => q.radiusKm === undefined || q.near !== undefined, {
    message: 'radiusKm needs near',
    path: ['radiusKm'],
  });

@Resolver(() => Kindergarten)
export class KindergartenResolver {
  constructor(private readonly service: KindergartenService) {}

  @Query(() => [Kindergarten], {
    description:
      'Kindergartens of a region visible to the calling portal; with `near`, nearest first with `distanceKm`, within `radiusKm` if given',
  })
  kindergartens(
    @Ctx() ctx: RequestContext,
    @Args('regionId', { type: () => ID }) regionId: string,
    @Args('districtId', { type: () => ID, nullable: true }) districtId?: string,
    @Args('language', { type: () => Language, nullable: true }) language?: Language,
    @Args('groupYear', { type: () => Int, nullable: true }) groupYear?: number,
    @Args('withFreeSeats', { nullable: true }) withFreeSeats?: boolean,
    @Args('near', { type: () => GeoPointInput, nullable: true }) near?: GeoPointInput,
    @Args('radiusKm', { type: () => Float, nullable: true }) radiusKm?: number,
  ): Promise<Kindergarten[]> {
    const portal = requirePortal(ctx);
    const input = validateInput(searchInput, {
      regionId,
      districtId: districtId ?? undefined,
      groupYear: groupYear ?? undefined,
      near: near ?? undefined,
      radiusKm: radiusKm ?? undefined,
    });
    assertPortalServes(portal, input.regionId);
    return this.service.search({
      ...input,
      regionIds: [input.regionId],
      language: language ?? undefined,
      withFreeSeats: withFreeSeats ?? undefined,
    });
  }

  @Query(() => Kindergarten, {
    nullable: true,
    description: 'The kindergarten of the calling staff member (KINDERGARTEN_STAFF)',
  })
  async myKindergarten(@Ctx() ctx: RequestContext): Promise<Kindergarten | null> {
    const portal = requirePortal(ctx);
    const id = staffKindergartenId(requirePrincipal(ctx, Role.KINDERGARTEN_STAFF));
    const [kindergarten] = id ? await this.service.findKindergartens([id]) : [];
    return kindergarten && portal.regionIds.includes(kindergarten.regionId) ? kindergarten : null;
  }

  @ResolveField(() => [Group])
  async groups(@Parent() kindergarten: Kindergarten, @Ctx() ctx: RequestContext): Promise<Group[]> {
    const loader = ctx.loaders.get(
      'groupsOfKindergarten',
      byGroup(
        (ids: string[]) => this.service.groupsOf(ids),
        (g) => g.kindergartenId,
      ),
    );
    return (await loader.load(kindergarten.id)) ?? [];
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: RequestContext): Promise<Kindergarten | null> {
    return kindergartenLoader(ctx, this.service).load(ref.id);
  }
}
