import { Module } from '@nestjs/common';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { internalApiClient } from '@kezek/internal-api-server';
import { RoleGrantResolver } from './role-grant.resolver';
import { RoleGrantService } from './role-grant.service';

@Module({
  providers: [
    // vacancies' registry places the kindergartens of staff grants; it is asked per grant, never at boot.
    internalApiClient(VacanciesApiClient, {
      url: 'VACANCIES_INTERNAL_URL',
      service: 'kezek-identity',
      timeoutMs: 5_000,
    }),
    RoleGrantService,
    RoleGrantResolver,
  ],
  exports: [RoleGrantService],
})
export class RoleGrantModule {}
