import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "A document's title in each language" })
export class DocumentTitles {
  @Field() kk: string;
  @Field() ru: string;
  @Field() en: string;
}
