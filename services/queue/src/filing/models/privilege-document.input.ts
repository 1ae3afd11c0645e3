import { Field, InputType } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';

@InputType({ description: 'The document behind a privilege (R6): required with FIRST_PRIORITY or OUT_OF_TURN' })
export class PrivilegeDocumentInput {
  @Field({ description: 'What the document is, e.g. "справка об инвалидности"' }) kind: string;
  @Field() number: string;
  @Field(() => LocalDate) issuedOn: string;
  @Field({ description: 'Who issued it' }) issuer: string;
}
