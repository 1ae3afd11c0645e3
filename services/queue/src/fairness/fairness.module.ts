import { Module } from '@nestjs/common';
import { PositionModule } from '../position/position.module';
import { FairnessApplicationResolver } from './fairness-application.resolver';
import { WaitForecastService } from './forecast/wait-forecast.service';
import { PositionLedgerRepository } from './ledger/position-ledger.repository';
import { AllocationLogResolver } from './log/allocation-log.resolver';
import { AllocationLogService } from './log/allocation-log.service';

/**
 * Fairness you can check (README "Fairness"): the ledger of a queue number, the public allocation
 * log (appended by the deciding transactions through log/allocation-log.ts) and the wait forecast.
 */
@Module({
  imports: [PositionModule],
  providers: [
    AllocationLogService,
    AllocationLogResolver,
    PositionLedgerRepository,
    WaitForecastService,
    FairnessApplicationResolver,
  ],
})
export class FairnessModule {}
