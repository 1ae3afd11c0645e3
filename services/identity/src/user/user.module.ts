import { Module } from '@nestjs/common';
import { PeopleApi } from '@kezek/identity-api';
import { internalApiAuth } from '@kezek/internal-api-server';
import { EmailConfirmationService } from '../email-confirmation/email-confirmation.service';
import { PeopleController } from './people.controller';
import { UserResolver } from './user.resolver';

@Module({
  controllers: [PeopleController],
  providers: [UserResolver, EmailConfirmationService, ...internalApiAuth(PeopleApi.find.audience)],
})
export class UserModule {}
