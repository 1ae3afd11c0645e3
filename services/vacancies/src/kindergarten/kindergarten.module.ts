import { Module } from '@nestjs/common';
import { internalApiAuth } from '@kezek/internal-api-server';
import { KindergartensApi } from '@kezek/vacancies-api';
import { KindergartenLookupController } from './kindergarten-lookup.controller';
import { KindergartenResolver } from './kindergarten.resolver';
import { KindergartenService } from './kindergarten.service';
import { RegistryResolver } from './registry.resolver';
import { RegistryService } from './registry.service';

@Module({
  controllers: [KindergartenLookupController],
  providers: [
    KindergartenService,
    KindergartenResolver,
    RegistryService,
    RegistryResolver,
    // The internal lookup API checks callers' tokens like the claims API (INTERNAL_API_SECRET, validated at boot).
    ...internalApiAuth(KindergartensApi.lookup.audience),
  ],
  exports: [KindergartenService],
})
export class KindergartenModule {}
