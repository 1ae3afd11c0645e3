import { CalendarYear, Holiday } from '../calendar-data';
import { HOLIDAY_NAMES as N } from '../data/holiday-names';

/** An instant given as Almaty wall-clock time, e.g. at('2026-03-05T23:30'). */
export function at(almatyLocal: string): Date {
  return new Date(`${almatyLocal}${almatyLocal.length === 16 ? ':00' : ''}+05:00`);
}

export function holiday(date: string, name: Holiday['name'], kind: Holiday['kind'] = 'state'): Holiday {
  return { date, name, kind, confirmed: true };
}

export function year(y: number, part: Partial<Omit<CalendarYear, 'year'>> = {}): CalendarYear {
  return {
    year: y,
    holidays: [],
    transferredDaysOff: [],
    transferredWorkingDays: [],
    sources: ['test fixture'],
    notes: [],
    ...part,
  };
}

/**
 * Part of 2023, for the one real decree transfer the tests use: the Government moved the day off
 * from Saturday 1 July 2023 to Friday 7 July 2023 for Capital Day (mgorod.kz, prosud.kz, 2023).
 * Kurban Ait was on 28 June 2023 (sn.kz); New Year fell on Sunday and Christmas on Saturday.
 * Only these holidays are listed: a test fixture, not calendar data.
 */
export const PART_OF_2023 = year(2023, {
  holidays: [
    holiday('2023-01-01', N.newYear),
    holiday('2023-01-02', N.newYear),
    holiday('2023-01-07', N.orthodoxChristmas, 'religious'),
    holiday('2023-06-28', N.kurbanAit, 'religious'),
    holiday('2023-07-06', N.capitalDay),
  ],
  transferredDaysOff: [
    {
      date: '2023-07-07',
      decree: 'Government decree on the transfer of a day off in 2023 (Capital Day)',
      confirmed: true,
    },
  ],
  transferredWorkingDays: [
    {
      date: '2023-07-01',
      decree: 'Government decree on the transfer of a day off in 2023 (Capital Day)',
      confirmed: true,
    },
  ],
});
