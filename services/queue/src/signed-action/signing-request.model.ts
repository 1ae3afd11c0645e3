import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * Sign step 1 (contract: "Signed actions"): the XML to have signed with the SIGN key before
 * `expiresAt`, then sent back with `submitSigned`. A value type every preparing subgraph returns,
 * hence @shareable.
 */
@ObjectType()
@Directive('@shareable')
export class SigningRequest {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Exactly the document to sign: action, parameters, number, signer IIN, nonce, time' })
  xml: string;

  @Field()
  expiresAt: Date;
}
