import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'When the turn may come: by p50 in half of the simulated futures, by p90 in nine of ten (README "Fairness"); null: later than the history reaches',
})
export class WaitForecast {
  @Field(() => Int, { description: 'Children ahead now (queue number − 1)' }) childrenAhead: number;
  @Field({ description: 'The instant the forecast was made' }) from: Date;
  @Field(() => Date, { nullable: true }) p50: Date | null;
  @Field(() => Date, { nullable: true }) p90: Date | null;
  @Field(() => Int, { description: 'Past cohorts whose seat publications it learned from' }) cohorts: number;
}
