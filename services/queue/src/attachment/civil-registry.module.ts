import { Module } from '@nestjs/common';
import { CivilRegistry, civilRegistryEnv, HttpCivilRegistry } from '@kezek/civil-registry';
import { SERVICE_CONFIG, ServiceConfig } from '@kezek/service-runtime';

/** The civil registry as queue asks it (CIVIL_REGISTRY_URL, CIVIL_REGISTRY_TIMEOUT_MS), injected by type. */
@Module({
  providers: [
    {
      provide: CivilRegistry,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig<typeof civilRegistryEnv>) =>
        new HttpCivilRegistry({ baseUrl: config.CIVIL_REGISTRY_URL, timeoutMs: config.CIVIL_REGISTRY_TIMEOUT_MS }),
    },
  ],
  exports: [CivilRegistry],
})
export class CivilRegistryModule {}
