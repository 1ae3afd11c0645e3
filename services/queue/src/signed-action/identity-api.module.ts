import { Module } from '@nestjs/common';
import { IdentityApiClient } from '@kezek/identity-api';
import { internalApiClient } from '@kezek/internal-api-server';

/** identity's signing API as queue calls it (IDENTITY_INTERNAL_URL, INTERNAL_API_SECRET), for every signed action. */
@Module({
  providers: [internalApiClient(IdentityApiClient, { url: 'IDENTITY_INTERNAL_URL', service: 'kezek-queue' })],
  exports: [IdentityApiClient],
})
export class IdentityApiModule {}
