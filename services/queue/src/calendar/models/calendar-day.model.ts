import { Field, ObjectType } from '@nestjs/graphql';
import { DayKind } from '@kezek/calendar';
import { LocalDate } from '@kezek/subgraph';
import { CalendarDayKind } from './calendar-day-kind.enum';
import { HolidayKind } from './holiday-kind.enum';
import { LocalizedName } from './localized-name.model';

@ObjectType({ description: 'A day that is not an ordinary weekday or weekend (R2), and why' })
export class CalendarDay {
  @Field(() => LocalDate)
  date: string;

  @Field()
  working: boolean;

  @Field(() => CalendarDayKind)
  kind: DayKind;

  @Field(() => LocalizedName, {
    nullable: true,
    description: 'The holiday; for HOLIDAY_MOVED_OFF_WEEKEND, the holiday the day off is for',
  })
  name: LocalizedName | null;

  @Field(() => HolidayKind, { nullable: true })
  holidayKind: HolidayKind | null;

  @Field(() => LocalDate, { nullable: true, description: 'HOLIDAY_MOVED_OFF_WEEKEND: the weekend day of the holiday' })
  holidayDate: string | null;

  @Field(() => String, { nullable: true, description: 'The government decree of a transfer day' })
  decree: string | null;

  @Field({ description: 'false while the date is an estimate or awaits an official act' })
  confirmed: boolean;

  @Field(() => String, { nullable: true })
  note: string | null;
}
