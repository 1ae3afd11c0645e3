import { Module } from '@nestjs/common';
import { AccessTokenSigner } from '@kezek/auth';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { ChallengeModule } from '../challenge/challenge.module';
import { IdentityConfig } from '../config';
import { RoleGrantModule } from '../role-grant/role-grant.module';
import { SessionResolver } from './session.resolver';
import { SessionService } from './session.service';

@Module({
  imports: [ChallengeModule, RoleGrantModule],
  providers: [
    SessionService,
    SessionResolver,
    {
      provide: AccessTokenSigner,
      inject: [SERVICE_CONFIG],
      useFactory: (config: IdentityConfig) => new AccessTokenSigner(config.AUTH_JWT_PRIVATE_KEY),
    },
  ],
})
export class SessionModule {}
