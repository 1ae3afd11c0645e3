import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDay } from './calendar-day.model';

@ObjectType({ description: "One year of Kazakhstan's working-day calendar as operators keep it (R2)" })
export class WorkingCalendarYear {
  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: 'Working days in the year (compare with the published production calendar)' })
  workingDayCount: number;

  @Field(() => [CalendarDay], {
    description: 'Every holiday, moved day off and decree transfer day, by date; other days follow the weekend rule',
  })
  days: CalendarDay[];

  @Field(() => [String], { description: 'Where the data came from' })
  sources: string[];

  @Field(() => [String], { description: 'What is known to be uncertain or changed' })
  notes: string[];
}
