import { Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource, In } from 'typeorm';
import { Ctx, RequestContext, requirePortal } from '@kezek/subgraph';
import { District, Region } from './region.entity';

@Resolver(() => Region)
export class RegionResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [Region], { description: 'Regions the calling portal serves, with their districts' })
  regions(@Ctx() ctx: RequestContext): Promise<Region[]> {
    const portal = requirePortal(ctx);
    return this.db.getRepository(Region).find({ where: { id: In(portal.regionIds) }, order: { nameRu: 'ASC' } });
  }

  @ResolveField(() => [District])
  districts(@Parent() region: Region): Promise<District[]> {
    return this.db.getRepository(District).find({ where: { regionId: region.id }, order: { nameRu: 'ASC' } });
  }
}

@Module({ providers: [RegionResolver] })
export class RegionModule {}
