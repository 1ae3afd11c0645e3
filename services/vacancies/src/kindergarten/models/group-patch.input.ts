import { Field, InputType, Int } from '@nestjs/graphql';
import { Language } from '@kezek/subgraph';

@InputType()
export class GroupPatchInput {
  @Field(() => Language, { nullable: true }) language?: Language;
  @Field(() => Int, { nullable: true }) capacity?: number;
}
