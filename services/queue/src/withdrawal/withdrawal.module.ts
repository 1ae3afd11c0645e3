import { Module } from '@nestjs/common';
import { IdentityApiModule } from '../signed-action/identity-api.module';
import { WithdrawalResolver } from './withdrawal.resolver';
import { WithdrawalService } from './withdrawal.service';

/** R20, Снять с очереди: prepareWithdrawal here; WithdrawalService is the signed action's handler on submit. */
@Module({
  imports: [IdentityApiModule],
  providers: [WithdrawalService, WithdrawalResolver],
  exports: [WithdrawalService],
})
export class WithdrawalModule {}
