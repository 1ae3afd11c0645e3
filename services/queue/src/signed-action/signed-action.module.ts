import { Module } from '@nestjs/common';
import { FilingModule } from '../filing/filing.module';
import { FilingService } from '../filing/filing.service';
import { AttachmentModule } from '../attachment/attachment.module';
import { AttachmentService } from '../attachment/attachment.service';
import { WithdrawalModule } from '../withdrawal/withdrawal.module';
import { WithdrawalService } from '../withdrawal/withdrawal.service';
import { ReferralModule } from '../referral/referral.module';
import { ReferralIssueService } from '../referral/referral-issue.service';
import { ReferralExtensionService } from '../referral/referral-extension.service';
import { ReferralRevocationService } from '../referral/referral-revocation.service';
import { IdentityApiModule } from './identity-api.module';
import { SIGNED_ACTION_HANDLERS, SignedActionHandler } from './signed-action.handler';
import { SignedActionResolver } from './signed-action.resolver';
import { SignedActionService } from './signed-action.service';

/**
 * Signed actions of the queue: each handler prepares its action and performs it on submit.
 * A handler's feature module exports it; this module imports that module and lists the handler.
 */
@Module({
  imports: [IdentityApiModule, FilingModule, WithdrawalModule, AttachmentModule, ReferralModule],
  providers: [
    {
      provide: SIGNED_ACTION_HANDLERS,
      inject: [
        FilingService,
        WithdrawalService,
        AttachmentService,
        ReferralIssueService,
        ReferralExtensionService,
        ReferralRevocationService,
      ],
      useFactory: (...handlers: SignedActionHandler[]) => handlers,
    },
    SignedActionService,
    SignedActionResolver,
  ],
})
export class SignedActionModule {}
