import { Module } from '@nestjs/common';
import { PeopleApi } from '@kezek/identity-api';
import { internalApiAuth } from '@kezek/internal-api-server';
import { PeopleController } from './people.controller';
import { UserResolver } from './user.resolver';

@Module({
  controllers: [PeopleController],
  providers: [UserResolver, ...internalApiAuth(PeopleApi.find.audience)],
})
export class UserModule {}
