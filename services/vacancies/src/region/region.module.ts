import { Module } from '@nestjs/common';
import { RegionResolver } from './region.resolver';

@Module({ providers: [RegionResolver] })
export class RegionModule {}
