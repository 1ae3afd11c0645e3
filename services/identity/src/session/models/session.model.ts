import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '../../user/user.entity';

/** What signIn and refreshSession return: the session's tokens and its person (stored as SessionRecord rows). */
@ObjectType()
export class Session {
  @Field({ description: 'Bearer token, ES256, short-lived' })
  accessToken: string;

  @Field({ description: 'Single use: refreshSession returns a new one; reusing an old one ends the session' })
  refreshToken: string;

  @Field({ description: 'When the access token expires' })
  expiresAt: Date;

  @Field(() => User)
  user: User;

  @Field({ description: 'true until the person has given an e-mail (required at first sign-in, R9)' })
  needsEmail: boolean;
}
