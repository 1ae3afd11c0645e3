import { Field, ObjectType } from '@nestjs/graphql';
import { DocumentKind } from './document-kind.enum';
import { DocumentTitles } from './document-titles.model';

@ObjectType({
  description:
    'The public check of a verification code printed on a document: what was issued and when, no personal data',
})
export class DocumentVerification {
  @Field({ description: 'true when the code names an issued document whose content is unchanged' }) valid: boolean;
  @Field(() => DocumentKind, { nullable: true }) kind: DocumentKind | null;
  @Field(() => DocumentTitles, { nullable: true }) title: DocumentTitles | null;
  @Field(() => Date, { nullable: true }) issuedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When a newer version replaced this document (a referral extended, R14); null while it is the current one',
  })
  supersededAt: Date | null;
}
