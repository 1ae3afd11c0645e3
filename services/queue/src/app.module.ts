import { defineApi } from '@kezek/subgraph';
import { AllocationModule } from './allocation/allocation.module';
import { ApplicationModule } from './application/application.module';
import { FilingModule } from './filing/filing.module';
import { AttachmentModule } from './attachment/attachment.module';
import { CalendarApiModule } from './calendar/calendar.module';
import { FairnessModule } from './fairness/fairness.module';
import { OfferModule } from './offer/offer.module';
import { queueEnv } from './config';
import { queueData } from './data-source';
import { PublicQueuePositionModule } from './public-queue-position/public-queue-position.module';
import { DocumentModule } from './document/document.module';
import { NoticeFactsModule } from './notice-facts/notice-facts.module';
import { ReferralModule } from './referral/referral.module';
import { SignedActionModule } from './signed-action/signed-action.module';
import { StatisticsModule } from './statistics/statistics.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

/** queue's API process; its own variables (identity's and vacancies' internal URLs, the service secret, the civil registry, the documents' links) are validated at boot. */
export const AppModule = defineApi({
  name: 'queue',
  data: queueData,
  env: queueEnv,
  imports: [
    ApplicationModule,
    FilingModule,
    ReferralModule,
    WithdrawalModule,
    AttachmentModule,
    SignedActionModule,
    PublicQueuePositionModule,
    AllocationModule,
    DocumentModule,
    CalendarApiModule,
    OfferModule,
    StatisticsModule,
    NoticeFactsModule,
    FairnessModule,
  ],
});
