import { Field, InputType } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';

@InputType()
export class ChildInput {
  @Field({ description: "The child's IIN: its check digit and birth date are verified" }) iin: string;
  @Field({ description: 'ФИО ребенка' }) fullName: string;
  @Field(() => LocalDate) birthDate: string;
}
