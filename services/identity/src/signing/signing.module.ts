import { Module } from '@nestjs/common';
import { SigningRequestsApi } from '@kezek/identity-api';
import { internalApiAuth } from '@kezek/internal-api-server';
import { SigningController } from './signing.controller';
import { SigningService } from './signing.service';

@Module({
  controllers: [SigningController],
  providers: [SigningService, ...internalApiAuth(SigningRequestsApi.prepare.audience)],
})
export class SigningModule {}
