import { JobList } from '@kezek/jobs';
import { OutboxModule } from '@kezek/outbox';
import { defineApi } from '@kezek/subgraph';
import { ChallengeModule } from './challenge/challenge.module';
import { ClockModule } from './clock/clock.module';
import { identityEnv } from './config';
import { identityData } from './data-source';
import { EdsModule } from './eds/eds.module';
import { IDENTITY_SCHEMA } from './email-confirmation/email-confirmation.service';
import { EMAIL_CONFIRMATION_REQUESTED } from './email-confirmation/email-confirmation.rules';
import { RoleGrantModule } from './role-grant/role-grant.module';
import { SessionModule } from './session/session.module';
import { SigningModule } from './signing/signing.module';
import { UserModule } from './user/user.module';

/**
 * identity's API process; its own variables (tokens, EDS trust, internal API secret, vacancies' URL) are validated at boot.
 * identity has no worker process: its outbox (a code to e-mail) is relayed from here, the relay being safe to run in each replica.
 */
export const AppModule = defineApi({
  name: 'identity',
  data: identityData,
  env: identityEnv,
  imports: [
    EdsModule,
    UserModule,
    ChallengeModule,
    RoleGrantModule,
    SessionModule,
    SigningModule,
    ClockModule,
    OutboxModule.forWorker({
      schema: IDENTITY_SCHEMA,
      routes: { [EMAIL_CONFIRMATION_REQUESTED]: [JobList.NotificationsInbox] },
    }),
  ],
});
