import { isDeepStrictEqual } from 'node:util';
import {
  CalendarDataError,
  CalendarYear,
  CalendarYearNotLoadedError,
  Holiday,
  movedHolidayDaysOff,
  TransferDay,
  validateCalendarYear,
} from '@kezek/calendar';
import { calendarYearNotLoadedMessages, DomainError } from '@kezek/errors';

/** What an operator changes in one year's data (R2); a whole new year is `checkedNewYear`. */
export type CalendarChange =
  | { action: 'SET_HOLIDAY'; holiday: Holiday }
  | { action: 'SET_TRANSFER_DAY'; kind: TransferKind; transfer: TransferDay }
  | { action: 'REMOVE_DAY'; date: string };

/** A decree either makes a weekday a day off or a Saturday/Sunday a working day. */
export type TransferKind = 'DAY_OFF' | 'WORKING_DAY';

/** Everything a year's data says about one date: what the audit trail stores as before and after. */
export interface DayEntries {
  holidays: Holiday[];
  transferredDaysOff: TransferDay[];
  transferredWorkingDays: TransferDay[];
}

export interface AppliedChange {
  /** The whole year after the change, validated. */
  year: CalendarYear;
  date: string;
  before: DayEntries | null;
  after: DayEntries | null;
}

const byDate = <T extends { date: string }>(entries: T[]) => [...entries].sort((a, b) => a.date.localeCompare(b.date));

/** The entries of `date` in a year's data; null when the data says nothing about it. */
export function entriesOn(year: CalendarYear, date: string): DayEntries | null {
  const on = <T extends { date: string }>(entries: T[]) => entries.filter((e) => e.date === date);
  const entries = {
    holidays: on(year.holidays),
    transferredDaysOff: on(year.transferredDaysOff),
    transferredWorkingDays: on(year.transferredWorkingDays),
  };
  return Object.values(entries).some((list) => list.length > 0) ? entries : null;
}

/** The year with `date`'s entries replaced by `entries` (none when null). */
function withEntries(year: CalendarYear, date: string, entries: DayEntries | null): CalendarYear {
  const others = <T extends { date: string }>(list: T[]) => list.filter((e) => e.date !== date);
  return {
    ...year,
    holidays: byDate([...others(year.holidays), ...(entries?.holidays ?? [])]),
    transferredDaysOff: byDate([...others(year.transferredDaysOff), ...(entries?.transferredDaysOff ?? [])]),
    transferredWorkingDays: byDate([
      ...others(year.transferredWorkingDays),
      ...(entries?.transferredWorkingDays ?? []),
    ]),
  };
}

/**
 * A year's data as `WorkingCalendar` will take it: `validateCalendarYear` (a working decree day
 * must be a Saturday or Sunday, a day-off decree day a weekday, every date in its year…) and the
 * weekend rule, which refuses a holiday whose day off would fall in the next year. A refusal is
 * VALIDATION_FAILED naming `field`, with the calendar's own explanation.
 */
export function checkedYear(data: unknown, field: string): CalendarYear {
  try {
    const year = validateCalendarYear(data);
    movedHolidayDaysOff(year);
    return year;
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    throw new DomainError('VALIDATION_FAILED', error.message, { fields: [{ field, problem: error.message }] });
  }
}

/** The date a change is about (its year's row is the one locked). */
export function changeDate(change: CalendarChange): string {
  switch (change.action) {
    case 'SET_HOLIDAY':
      return change.holiday.date;
    case 'SET_TRANSFER_DAY':
      return change.transfer.date;
    case 'REMOVE_DAY':
      return change.date;
  }
}

/**
 * R2: one operator's change applied to a loaded year, and the whole year checked again. Setting
 * a holiday replaces whatever holiday the date had and setting a transfer day replaces the date's
 * transfer (so DAY_OFF ↔ WORKING_DAY is one change); neither touches the other kind, so a holiday
 * on a transfer day is refused by the check rather than silently dropping the decree. Removing
 * clears the date. Returns null when the change would leave the data as it is (a repeat).
 */
export function applyCalendarChange(current: CalendarYear, change: CalendarChange): AppliedChange | null {
  const date = changeDate(change);
  if (Number(date.slice(0, 4)) !== current.year) throw new RangeError(`${date} is not in ${current.year}`);
  const before = entriesOn(current, date);
  const empty: DayEntries = { holidays: [], transferredDaysOff: [], transferredWorkingDays: [] };
  let after: DayEntries | null;
  switch (change.action) {
    case 'SET_HOLIDAY':
      after = { ...(before ?? empty), holidays: [change.holiday] };
      break;
    case 'SET_TRANSFER_DAY':
      after = {
        holidays: before?.holidays ?? [],
        transferredDaysOff: change.kind === 'DAY_OFF' ? [change.transfer] : [],
        transferredWorkingDays: change.kind === 'WORKING_DAY' ? [change.transfer] : [],
      };
      break;
    case 'REMOVE_DAY':
      if (!before)
        throw new DomainError(
          'NOT_FOUND',
          `the calendar lists nothing on ${date} (a day off moved off a weekend follows its holiday: change the holiday)`,
        );
      after = null;
      break;
  }
  if (isDeepStrictEqual(before, after)) return null;
  return { year: checkedYear(withEntries(current, date, after), 'date'), date, before, after };
}

/**
 * A whole year from a decree (R2): checked as every change is. Loading the year that is already
 * there with the same data is a repeat (null); different data for a loaded year is refused, since
 * replacing it wholesale would hide what changed: its days are changed one by one.
 */
export function checkedNewYear(loaded: CalendarYear | null, data: unknown): CalendarYear | null {
  const year = checkedYear(data, 'data');
  if (!loaded) return year;
  if (isDeepStrictEqual(loaded, year)) return null;
  throw new DomainError('VALIDATION_FAILED', `${year.year} is already loaded; change its days one by one`, {
    fields: [{ field: 'data', problem: `${year.year} is already loaded` }],
  });
}

/** R2: a date in a year nobody has loaded is refused loudly, naming the year, never guessed. */
export function calendarYearNotLoaded(year: number, loadedYears: readonly number[]): DomainError {
  const error = new CalendarYearNotLoadedError(year, loadedYears);
  return new DomainError(
    'CALENDAR_YEAR_NOT_LOADED',
    error.message,
    { year, loadedYears: [...loadedYears] },
    calendarYearNotLoadedMessages(year),
  );
}
