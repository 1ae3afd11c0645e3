import { Module } from '@nestjs/common';
import { internalApiClient } from '@kezek/internal-api-server';
import { VacanciesApiClient } from '@kezek/vacancies-api';

/** vacancies' internal API as queue calls it (VACANCIES_INTERNAL_URL, INTERNAL_API_SECRET): queue areas. */
@Module({
  providers: [internalApiClient(VacanciesApiClient, { url: 'VACANCIES_INTERNAL_URL', service: 'kezek-queue' })],
  exports: [VacanciesApiClient],
})
export class VacanciesApiModule {}
