import { Field, ObjectType } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';

@ObjectType()
export class Child {
  @Field() fullName: string;
  @Field() iin: string;
  @Field(() => LocalDate) birthDate: string;
}
