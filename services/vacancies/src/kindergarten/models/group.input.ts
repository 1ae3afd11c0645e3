import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Language } from '@kezek/subgraph';

@InputType()
export class GroupInput {
  @Field(() => ID) kindergartenId: string;
  @Field(() => Int) groupYear: number;
  @Field(() => Language) language: Language;
  @Field(() => Int) capacity: number;
}
