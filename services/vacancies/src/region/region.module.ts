import { Module } from '@nestjs/common';
import { internalApiAuth } from '@kezek/internal-api-server';
import { AreasApi } from '@kezek/vacancies-api';
import { AreasController } from './areas.controller';
import { RegionResolver } from './region.resolver';

@Module({
  controllers: [AreasController],
  providers: [RegionResolver, ...internalApiAuth(AreasApi.find.audience)],
})
export class RegionModule {}
