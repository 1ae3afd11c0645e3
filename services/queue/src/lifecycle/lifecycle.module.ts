import { Global, Module } from '@nestjs/common';
import { JobsModule } from '@kezek/jobs';
import { AllocationModule } from '../allocation/allocation.module';
import { CalendarModule } from '../calendar/calendar.module';
import { VacanciesApiModule } from '../filing/vacancies-api.module';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';
import { Deadlines } from './deadlines';
import { LifecycleSweeper } from './lifecycle-sweeper';

/** What the queue's worker runs (global: JobsModule instantiates the processors). */
@Global()
@Module({
  imports: [AllocationModule, CalendarModule, VacanciesApiModule, JobsModule.forProducer()],
  providers: [OfferService, ReferralExpiryService, Deadlines, LifecycleSweeper],
  exports: [OfferService, ReferralExpiryService, Deadlines, LifecycleSweeper],
})
export class LifecycleModule {}
