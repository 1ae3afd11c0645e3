import { registerEnumType } from '@nestjs/graphql';
import { DayKind } from '@kezek/calendar';

/** libs/calendar's `DayKind`, as GraphQL shows it. */
export const CalendarDayKind = {
  WORKING_DAY: 'WORKING_DAY',
  WEEKEND: 'WEEKEND',
  HOLIDAY: 'HOLIDAY',
  HOLIDAY_MOVED_OFF_WEEKEND: 'HOLIDAY_MOVED_OFF_WEEKEND',
  TRANSFERRED_DAY_OFF: 'TRANSFERRED_DAY_OFF',
  TRANSFERRED_WORKING_DAY: 'TRANSFERRED_WORKING_DAY',
} as const satisfies { [K in DayKind]: K };
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  valuesMap: {
    HOLIDAY_MOVED_OFF_WEEKEND: {
      description: 'The day off for a holiday that fell on a Saturday or Sunday (Labour Code): follows the holiday',
    },
    TRANSFERRED_DAY_OFF: { description: 'A weekday a government decree made a day off' },
    TRANSFERRED_WORKING_DAY: { description: 'A Saturday or Sunday a government decree made a working day' },
  },
});
