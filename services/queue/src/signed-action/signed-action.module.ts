import { Module } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { IdentityApiClient } from '@kezek/identity-api';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { QueueConfig } from '../config';
import { WithdrawalResolver } from '../withdrawal/withdrawal.resolver';
import { WithdrawalService } from '../withdrawal/withdrawal.service';
import { SIGNED_ACTION_HANDLERS, SignedActionHandler } from './signed-action.handler';
import { SignedActionResolver } from './signed-action.resolver';
import { SignedActionService } from './signed-action.service';

/** Signed actions of the queue: each handler prepares its action and performs it on submit. */
@Module({
  providers: [
    {
      provide: IdentityApiClient,
      inject: [SERVICE_CONFIG, Clock],
      useFactory: (config: QueueConfig, clock: Clock) =>
        new IdentityApiClient({
          baseUrl: config.IDENTITY_INTERNAL_URL,
          secret: config.INTERNAL_API_SECRET,
          service: 'kezek-queue',
          clock,
        }),
    },
    WithdrawalService,
    WithdrawalResolver,
    {
      provide: SIGNED_ACTION_HANDLERS,
      inject: [WithdrawalService],
      useFactory: (...handlers: SignedActionHandler[]) => handlers,
    },
    SignedActionService,
    SignedActionResolver,
  ],
})
export class SignedActionModule {}
