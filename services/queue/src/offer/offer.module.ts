import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { AllocationModule } from '../allocation/allocation.module';
import { ApplicationModule } from '../application/application.module';
import { VacanciesApiModule } from '../filing/vacancies-api.module';
import { OfferResolver, ApplicationOfferResolver } from './offer.resolver';
import { OfferService } from './offer.service';

/** R10, R11: offer rounds, the child's current offer and the groups it may choose. */
@Module({
  imports: [CalendarModule, AllocationModule, ApplicationModule, VacanciesApiModule],
  providers: [OfferService, OfferResolver, ApplicationOfferResolver],
  exports: [OfferService],
})
export class OfferModule {}
