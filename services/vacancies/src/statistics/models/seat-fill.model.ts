import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { AnalyticsReport } from '@kezek/statistics';

@ObjectType({
  description:
    "A kindergarten's groups of one group year (every language together): capacity and where its seats are. " +
    'occupied + claimed + held + free = capacity',
})
export class SeatFillRow {
  @Field(() => ID)
  kindergartenId: string;

  @Field({ description: 'Its name in Russian' })
  kindergartenName: string;

  @Field(() => ID)
  districtId: string;

  @Field()
  isState: boolean;

  @Field(() => Int)
  groupYear: number;

  @Field(() => Int, { description: 'Seats of its groups of the year' })
  capacity: number;

  @Field(() => Int, { description: 'Seats with a child: never published as vacant, or enrolled through the queue' })
  occupied: number;

  @Field(() => Int, { description: 'Of occupied, children enrolled through the queue (R19)' })
  enrolled: number;

  @Field(() => Int, { description: 'Seats a referral holds until enrolment or its expiry (R12, R13)' })
  claimed: number;

  @Field(() => Int, { description: "Seats held for an offer round's notified children (R10)" })
  held: number;

  @Field(() => Int, { description: 'Published seats nobody holds or claims' })
  free: number;

  @Field(() => Float, {
    nullable: true,
    description: '(occupied + claimed) / capacity, to 3 decimals; null without capacity',
  })
  fillRatio: number | null;
}

@ObjectType({ description: 'Seat fill of a region per kindergarten and group year, read on the read replica' })
export class SeatFill extends AnalyticsReport {
  @Field(() => [SeatFillRow])
  rows: SeatFillRow[];
}
