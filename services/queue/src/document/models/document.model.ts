import { Field, ObjectType } from '@nestjs/graphql';
import { DocumentKind } from './document-kind.enum';
import { DocumentTitles } from './document-titles.model';

@ObjectType({ description: 'A document of an application (Общие документы, R22); `url` serves its PDF' })
export class Document {
  /** The issued document's id: signed into `url`, not exposed. */
  id: string;

  @Field(() => DocumentKind) kind: DocumentKind;
  @Field({ description: 'The title in Russian' }) title: string;
  @Field(() => DocumentTitles) titles: DocumentTitles;
  @Field() createdAt: Date;
}
