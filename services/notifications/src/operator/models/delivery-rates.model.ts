import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AnalyticsReport } from '@kezek/statistics';
import { Channel } from '../../notification/models/channel.enum';

@ObjectType({ description: "One channel and kind's notices of a period, to every person they were due to" })
export class DeliveryRateRow {
  @Field(() => Channel)
  channel: Channel;

  @Field({ description: 'What happened, e.g. TURN_CAME, REFERRAL_ISSUED' })
  kind: string;

  @Field(() => Int, { description: 'Notices written in the period' })
  notices: number;

  @Field(() => Int, { description: 'Of notices, still waiting to go (an SMS held for the morning, a retry)' })
  queued: number;

  @Field(() => Int, { description: 'Accepted by the provider (SMTP, SMS), no delivery report' })
  sent: number;

  @Field(() => Int, { description: 'Reported delivered by the provider; an in-app notice once written' })
  delivered: number;

  @Field(() => Int, { description: 'Failed for good (no address, refused, out of attempts)' })
  failed: number;

  @Field(() => Float, {
    nullable: true,
    description: '(sent + delivered) / (sent + delivered + failed), to 3 decimals; null while none is settled',
  })
  reachedRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Median seconds from writing the notice to its delivery (else its send), over those that reached',
  })
  medianSecondsToReach: number | null;
}

@ObjectType({
  description: "Delivery of a region's notices per channel and kind over a period, read on the read replica",
})
export class NotificationDeliveryRates extends AnalyticsReport {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field(() => [DeliveryRateRow])
  rows: DeliveryRateRow[];
}
