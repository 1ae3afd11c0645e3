import { DataSourceDefinition } from '@kezek/database';
import { AuthChallengeRecord } from './challenge/auth-challenge.entity';
import { EmailConfirmationRecord } from './email-confirmation/email-confirmation.entity';
import { EmailConfirmation1767500000000 } from './migrations/1767500000000-email-confirmation';
import { Users1767000000000 } from './migrations/1767000000000-users';
import { SignInAndSigning1767300000000 } from './migrations/1767300000000-sign-in-and-signing';
import { RoleGrantAudit } from './role-grant/role-grant-audit.entity';
import { RoleGrant } from './role-grant/role-grant.entity';
import { SessionRecord } from './session/session.entity';
import { SignatureRecord } from './signing/signature.entity';
import { SigningRequestRecord } from './signing/signing-request.entity';
import { User } from './user/user.entity';

export const identityData: DataSourceDefinition = {
  schema: 'identity',
  entities: [
    User,
    AuthChallengeRecord,
    SessionRecord,
    RoleGrant,
    RoleGrantAudit,
    SigningRequestRecord,
    SignatureRecord,
    EmailConfirmationRecord,
  ],
  migrations: [Users1767000000000, SignInAndSigning1767300000000, EmailConfirmation1767500000000],
};
