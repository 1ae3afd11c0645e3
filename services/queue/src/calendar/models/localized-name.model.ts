import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A name in each language' })
export class LocalizedName {
  @Field()
  kk: string;

  @Field()
  ru: string;

  @Field()
  en: string;
}
