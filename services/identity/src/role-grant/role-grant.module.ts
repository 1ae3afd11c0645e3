import { Module } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { IdentityConfig } from '../config';
import { RoleGrantResolver } from './role-grant.resolver';
import { RoleGrantService } from './role-grant.service';

@Module({
  providers: [
    // vacancies' registry places the kindergartens of staff grants; it is asked per grant, never at boot.
    {
      provide: VacanciesApiClient,
      inject: [SERVICE_CONFIG, Clock],
      useFactory: (config: IdentityConfig, clock: Clock) =>
        new VacanciesApiClient({
          baseUrl: config.VACANCIES_INTERNAL_URL,
          secret: config.INTERNAL_API_SECRET,
          service: 'kezek-identity',
          clock,
          timeoutMs: 5_000,
        }),
    },
    RoleGrantService,
    RoleGrantResolver,
  ],
  exports: [RoleGrantService],
})
export class RoleGrantModule {}
