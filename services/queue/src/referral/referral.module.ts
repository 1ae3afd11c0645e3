import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DocumentModule } from '../document/document.module';
import { ApplicationModule } from '../application/application.module';
import { VacanciesApiModule } from '../filing/vacancies-api.module';
import { OfferModule } from '../offer/offer.module';
import { IdentityApiModule } from '../signed-action/identity-api.module';
import { EnrolmentResolver } from './enrolment.resolver';
import { EnrolmentService } from './enrolment.service';
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
    // R18, R19: the kindergarten's side (enrolment, refused privilege documents).
    EnrolmentService,
    EnrolmentResolver,
  ],
  exports: [ReferralIssueService, ReferralExpiryService, ReferralExtensionService, ReferralRevocationService],
})
export class ReferralModule {}
