import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Channel } from '../../notification/models/channel.enum';

@ObjectType({ description: 'One event told to the parents of an application, over all persons and channels' })
export class NoticeRecord {
  @Field({ description: 'The queue event (or reminder) that caused it' })
  source: string;

  @Field()
  kind: string;

  @Field(() => ID)
  applicationId: string;

  @Field(() => ID, { nullable: true })
  referralId: string | null;

  @Field(() => ID, { nullable: true })
  offerId: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When a parent was actually reached: the first e-mail or SMS sent or delivered; null while none was',
  })
  reachedAt: Date | null;

  @Field(() => [Channel], { description: 'Channels (e-mail, SMS) on which every send failed' })
  failedChannels: Channel[];

  @Field(() => Int, { description: 'E-mails and SMS still waiting (queued, retried or held for the morning)' })
  pending: number;
}
