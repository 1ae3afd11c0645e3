import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { AnalyticsSource } from '@kezek/database';
import { AnalyticsReport } from '@kezek/statistics';
import { Privilege } from '../../application/models/privilege.enum';

@ObjectType({
  description: 'One queue (area, group year) and privilege category: where its children are and how offers went',
})
export class QueueStatisticsRow {
  @Field(() => ID, { description: 'The queue area: a city (region) or a district' })
  areaId: string;

  @Field(() => Int)
  groupYear: number;

  @Field(() => Privilege)
  privilege: string;

  @Field(() => Int, { description: 'Waiting in the queue (IN_QUEUE), the stop-list included' })
  inQueue: number;

  @Field(() => Int, { description: 'Of inQueue, on the stop-list now (R16)' })
  onStopList: number;

  @Field(() => Int, { description: 'With an open offer (NOTIFIED, R10)' })
  notified: number;

  @Field(() => Int, { description: 'Holding a referral (R12)' })
  referralIssued: number;

  @Field(() => Int)
  enrolled: number;

  @Field(() => Int)
  withdrawn: number;

  @Field(() => Int, { description: 'Removed after two unused referrals (R17) or by an operator' })
  removed: number;

  @Field(() => Int, { description: 'Offers ever made (R10)' })
  offers: number;

  @Field(() => Int, { description: 'Offers whose window ended unchosen (R11)' })
  offersLapsed: number;

  @Field(() => Int, { description: 'Referrals cancelled unused (R16)' })
  referralsExpired: number;

  @Field(() => Int, { description: 'Referrals the parent revoked (R15)' })
  referralsRevoked: number;

  @Field(() => Float, { nullable: true, description: 'Median days from filing to the offer, over every offer made' })
  waitingDaysMedian: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of the same' })
  waitingDaysP90: number | null;
}

@ObjectType({ description: "Operators' queue statistics, read on the read replica" })
export class QueueStatistics extends AnalyticsReport {
  @Field(() => [QueueStatisticsRow])
  rows: QueueStatisticsRow[];
}

@ObjectType({ description: 'A group year of a city, as open statistics show it: counts below 5 are null (suppressed)' })
export class OpenStatisticsRow {
  @Field(() => Int)
  groupYear: number;

  @Field(() => Int, { nullable: true, description: 'Waiting: in the queue or with an open offer' })
  waiting: number | null;

  @Field(() => Int, { nullable: true })
  referralIssued: number | null;

  @Field(() => Int, { nullable: true })
  enrolled: number | null;
}

@ObjectType({
  description: 'Aggregate queue figures of a city per group year, without sign-in and without personal data',
})
export class OpenQueueStatistics {
  @Field(() => ID)
  regionId: string;

  @Field(() => [OpenStatisticsRow])
  rows: OpenStatisticsRow[];

  @Field()
  asOf: Date;

  @Field(() => AnalyticsSource)
  source: AnalyticsSource;

  @Field(() => Float, { nullable: true })
  lagSeconds: number | null;
}
