import { createUnionType } from '@nestjs/graphql';
import { Application } from '../../application/application.entity';
import { Referral } from '../../referral/referral.entity';

export const SignedActionResult = createUnionType({
  name: 'SignedActionResult',
  types: () => [Application, Referral] as const,
  resolveType: (value) => (value instanceof Referral ? Referral : Application),
});
