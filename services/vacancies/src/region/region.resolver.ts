import { InjectDataSource } from '@nestjs/typeorm';
import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource, In } from 'typeorm';
import { byGroup, Ctx, RequestContext, requirePortal } from '@kezek/subgraph';
import { District } from './district.entity';
import { Region } from './region.entity';

@Resolver(() => Region)
export class RegionResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [Region], { description: 'Regions the calling portal serves, with their districts' })
  regions(@Ctx() ctx: RequestContext): Promise<Region[]> {
    const portal = requirePortal(ctx);
    return this.db.getRepository(Region).find({ where: { id: In(portal.regionIds) }, order: { nameRu: 'ASC' } });
  }

  /** Batched: one query for the districts of every region in the answer. */
  @ResolveField(() => [District])
  async districts(@Parent() region: Region, @Ctx() ctx: RequestContext): Promise<District[]> {
    const loader = ctx.loaders.get(
      'districtsOfRegion',
      byGroup(
        (ids: string[]) =>
          this.db.getRepository(District).find({ where: { regionId: In(ids) }, order: { nameRu: 'ASC' } }),
        (d) => d.regionId,
      ),
    );
    return (await loader.load(region.id)) ?? [];
  }
}
