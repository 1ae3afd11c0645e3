import { Field, ObjectType } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';

/** R6/R18: the document behind a privilege (e.g. a disability certificate), as the parent stated it. */
@ObjectType()
export class PrivilegeDocument {
  @Field({ description: 'What the document is, e.g. "справка об инвалидности"' }) kind: string;
  @Field() number: string;
  @Field(() => LocalDate) issuedOn: string;
  @Field({ description: 'Who issued it' }) issuer: string;
}
