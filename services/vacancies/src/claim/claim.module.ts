import { DynamicModule, Module } from '@nestjs/common';
import { internalApiAuth } from '@kezek/internal-api-server';
import { ClaimsApi } from '@kezek/vacancies-api';
import { ClaimController } from './claim.controller';
import { SeatRepository } from '../seat/seat.repository';
import { ClaimService } from './claim.service';

@Module({})
export class ClaimModule {
  /** The claims API; its INTERNAL_API_SECRET is validated at boot with the API's environment. */
  static forApi(): DynamicModule {
    return {
      module: ClaimModule,
      controllers: [ClaimController],
      providers: [SeatRepository, ClaimService, ...internalApiAuth(ClaimsApi.claim.audience)],
    };
  }

  /** The claim rules for the worker's processors (global: JobsModule instantiates them). */
  static forWorker(): DynamicModule {
    return { module: ClaimModule, global: true, providers: [SeatRepository, ClaimService], exports: [ClaimService] };
  }
}
