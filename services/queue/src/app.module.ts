import { defineApi } from '@kezek/subgraph';
import { ApplicationModule } from './application/application.module';
import { queueEnv } from './config';
import { queueData } from './data-source';
import { DocumentModule } from './document/document.module';
import { ReferralModule } from './referral/referral.module';
import { SignedActionModule } from './signed-action/signed-action.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

/** queue's API process; its own variables (identity's internal URL, the service secret, the documents' links) are validated at boot. */
export const AppModule = defineApi({
  name: 'queue',
  data: queueData,
  env: queueEnv,
  imports: [ApplicationModule, ReferralModule, WithdrawalModule, SignedActionModule, DocumentModule],
});
