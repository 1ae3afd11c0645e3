import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDate } from '@kezek/subgraph';
import { CalendarChangeAction } from './calendar-change-action.enum';

@ObjectType({ description: 'One change of the working-day calendar (R2), from its append-only trail' })
export class CalendarChange {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  year: number;

  @Field()
  at: Date;

  @Field({ description: 'Who: a user id, or "system" for the default shipped with the code' })
  actor: string;

  @Field(() => CalendarChangeAction)
  action: CalendarChangeAction;

  @Field(() => LocalDate, { nullable: true, description: 'The date changed; null when a whole year was loaded' })
  date: string | null;

  @Field(() => String, { nullable: true, description: "The date's entries before, as JSON; null when it had none" })
  before: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The date's entries after (the whole year for LOAD_YEAR), as JSON; null when removed",
  })
  after: string | null;

  @Field()
  reason: string;
}
