import { defineApi } from '@kezek/subgraph';
import { identityEnv } from './config';
import { identityData } from './data-source';
import { EdsModule } from './eds/signature-verifier';
import { RoleGrantModule } from './role-grant/role-grant.resolver';
import { SessionModule } from './session/session.resolver';
import { SigningModule } from './signing/signing.controller';
import { UserModule } from './user/user.resolver';

/** identity's API process; its own variables (tokens, EDS trust, internal API secret, vacancies' URL) are validated at boot. */
export const AppModule = defineApi({
  name: 'identity',
  data: identityData,
  env: identityEnv,
  imports: [EdsModule, UserModule, RoleGrantModule, SessionModule, SigningModule],
});
