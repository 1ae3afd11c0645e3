import { Module } from '@nestjs/common';
import { VACANCIES_INTERNAL_AUDIENCE } from '@kezek/registry-client';
import { internalApiAuth } from '@kezek/service-auth';
import { KindergartenLookupController } from './kindergarten-lookup.controller';
import { GroupResolver, KindergartenResolver } from './kindergarten.resolver';
import { KindergartenService } from './kindergarten.service';
import { RegistryResolver } from './registry.resolver';
import { RegistryService } from './registry.service';

@Module({
  controllers: [KindergartenLookupController],
  providers: [
    KindergartenService,
    KindergartenResolver,
    GroupResolver,
    RegistryService,
    RegistryResolver,
    // The internal lookup API checks callers' tokens like the claims API (INTERNAL_API_SECRET, validated at boot).
    ...internalApiAuth(VACANCIES_INTERNAL_AUDIENCE),
  ],
  exports: [KindergartenService],
})
export class KindergartenModule {}
