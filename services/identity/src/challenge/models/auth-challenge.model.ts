import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Sign-in step 1: sign `xml` with the AUTH key (NCALayer signXml) before expiresAt' })
export class AuthChallenge {
  @Field(() => ID)
  nonce: string;

  @Field()
  xml: string;

  @Field()
  expiresAt: Date;
}
