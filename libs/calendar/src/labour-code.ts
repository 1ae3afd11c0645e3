import { addCalendarDays, isSaturdayOrSunday, yearOf } from './calendar-date';
import { CalendarYear, Holiday } from './calendar-data';
import { CalendarDataError } from './errors';

/** A working day made a day off because a holiday fell on a Saturday or Sunday. */
export interface MovedHolidayDayOff {
  date: string;
  holiday: Holiday;
}

/**
 * The weekend rule, applied to one year's data rather than written into it: when a national or
 * state holiday falls on a Saturday or Sunday, the next working day after it is a day off (Law
 * "On holidays in the Republic of Kazakhstan", art. 5; Labour Code). Religious holidays (Orthodox
 * Christmas, the first day of Kurban Ait) are excluded and never move.
 *
 * Holidays are taken in date order, and "next working day" skips weekends, holidays, decree days
 * off and the days already given to an earlier holiday — so Nauryz 2026 (Sat 21, Sun 22, Mon 23
 * March) gives Tuesday 24 and Wednesday 25 March. A Saturday a decree made a working day counts
 * as a working day here.
 *
 * Sources: art. 5 of the Law as quoted by Tengrinews (2013, 2016); "when a religious holiday —
 * Kurban Ait or Christmas — falls on a day off, no day off is moved" (yk-news.kz, 2014, for Kurban
 * Ait on Saturday 4 October 2014); the 2026 egov.kz calendar moves exactly the days this computes.
 */
export function movedHolidayDaysOff(data: CalendarYear): MovedHolidayDayOff[] {
  const holidayDates = new Set(data.holidays.map((h) => h.date));
  const decreeDaysOff = new Set(data.transferredDaysOff.map((d) => d.date));
  const decreeWorkingDays = new Set(data.transferredWorkingDays.map((d) => d.date));
  const taken = new Set<string>();
  const isWorking = (date: string) =>
    (decreeWorkingDays.has(date) || !isSaturdayOrSunday(date)) && !holidayDates.has(date) && !decreeDaysOff.has(date);

  const moved: MovedHolidayDayOff[] = [];
  const byDate = [...data.holidays].filter((h) => h.kind !== 'religious').sort((a, b) => a.date.localeCompare(b.date));
  const done = new Set<string>();
  for (const holiday of byDate) {
    // Two holidays on one day are still one day off.
    if (done.has(holiday.date) || !isSaturdayOrSunday(holiday.date)) continue;
    done.add(holiday.date);
    let date = addCalendarDays(holiday.date, 1);
    while (!isWorking(date) || taken.has(date)) date = addCalendarDays(date, 1);
    if (yearOf(date) !== data.year) {
      throw new CalendarDataError(
        `calendar ${data.year}: the day off for ${holiday.date} would fall in ${yearOf(date)}; record it as a decree day off`,
      );
    }
    taken.add(date);
    moved.push({ date, holiday });
  }
  return moved;
}
