import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** identity's User, resolved by the identity subgraph. */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserRef {
  @Field(() => ID)
  id: string;
}
