import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DocumentModule } from '../document/document.module';
import { ApplicationModule } from '../application/application.module';
import { VacanciesApiModule } from '../filing/vacancies-api.module';
import { OfferModule } from '../offer/offer.module';
import { IdentityApiModule } from '../signed-action/identity-api.module';
import { ReferralExpiryService } from './referral-expiry.service';
import { ReferralExtensionService } from './referral-extension.service';
import { ReferralIssueService } from './referral-issue.service';
import { ReferralRevocationService } from './referral-revocation.service';
import { ReferralResolver } from './referral.resolver';

/** R12–R19: issuing, extending and revoking a referral (signed actions' handlers), its deadlines and its seat. */
@Module({
  imports: [CalendarModule, DocumentModule, ApplicationModule, OfferModule, IdentityApiModule, VacanciesApiModule],
  providers: [
    ReferralResolver,
    ReferralIssueService,
    ReferralExpiryService,
    ReferralExtensionService,
    ReferralRevocationService,
  ],
  exports: [ReferralIssueService, ReferralExpiryService, ReferralExtensionService, ReferralRevocationService],
})
export class ReferralModule {}
