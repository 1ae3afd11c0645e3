import { defineApi } from '@kezek/subgraph';
import { ChallengeModule } from './challenge/challenge.module';
import { ClockModule } from './clock/clock.module';
import { identityEnv } from './config';
import { identityData } from './data-source';
import { EdsModule } from './eds/eds.module';
import { RoleGrantModule } from './role-grant/role-grant.module';
import { SessionModule } from './session/session.module';
import { SigningModule } from './signing/signing.module';
import { UserModule } from './user/user.module';

/** identity's API process; its own variables (tokens, EDS trust, internal API secret, vacancies' URL) are validated at boot. */
export const AppModule = defineApi({
  name: 'identity',
  data: identityData,
  env: identityEnv,
  imports: [EdsModule, UserModule, ChallengeModule, RoleGrantModule, SessionModule, SigningModule, ClockModule],
});
