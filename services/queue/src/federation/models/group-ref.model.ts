import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** vacancies' Group, resolved by the vacancies subgraph. */
@ObjectType('Group')
@Directive('@key(fields: "id", resolvable: false)')
export class GroupRef {
  @Field(() => ID)
  id: string;
}
