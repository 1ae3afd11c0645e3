import { Module } from '@nestjs/common';
import { VACANCIES_INTERNAL_AUDIENCE } from '@kezek/registry-client';
import { InternalAuthGuard, internalApiEnv, ServiceTokenVerifier } from '@kezek/service-auth';
import { SERVICE_CONFIG, ServiceConfig } from '@kezek/subgraph';
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
    InternalAuthGuard,
    {
      provide: ServiceTokenVerifier,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig<typeof internalApiEnv>) => new ServiceTokenVerifier(config.INTERNAL_API_SECRET, VACANCIES_INTERNAL_AUDIENCE),
    },
  ],
  exports: [KindergartenService],
})
export class KindergartenModule {}
