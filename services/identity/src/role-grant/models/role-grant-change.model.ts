import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from './role.enum';

export enum RoleGrantAction {
  GRANT = 'GRANT',
  REVOKE = 'REVOKE',
}
registerEnumType(RoleGrantAction, { name: 'RoleGrantAction' });

@ObjectType({
  description: 'One entry of a grant’s audit trail: who changed it, when, why, and the grant as it stood after',
})
export class RoleGrantChange {
  @Field(() => RoleGrantAction)
  action: RoleGrantAction;

  @Field({ description: 'User id of whoever made the change' })
  actor: string;

  @Field()
  at: Date;

  @Field()
  reason: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true })
  bin: string | null;

  @Field(() => [String])
  kindergartenIds: string[];

  @Field(() => [String])
  regionIds: string[];
}
