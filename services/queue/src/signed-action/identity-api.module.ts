import { Module } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { IdentityApiClient } from '@kezek/identity-api';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { QueueConfig } from '../config';

/** identity's signing API as queue calls it (IDENTITY_INTERNAL_URL, INTERNAL_API_SECRET), for every signed action. */
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
  ],
  exports: [IdentityApiClient],
})
export class IdentityApiModule {}
