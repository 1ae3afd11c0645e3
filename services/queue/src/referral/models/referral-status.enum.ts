import { registerEnumType } from '@nestjs/graphql';

export enum ReferralStatus {
  ISSUED = 'ISSUED',
  ENROLLED = 'ENROLLED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ReferralStatus, { name: 'ReferralStatus' });
