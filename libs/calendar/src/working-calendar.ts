import { almatyDate } from '@kezek/clock';
import { addCalendarDays, assertCalendarDate, endOfAlmatyDay, isSaturdayOrSunday, yearOf } from './calendar-date';
import { CalendarYear, Holiday, TransferDay, validateCalendarYear } from './calendar-data';
import { CalendarDataError, CalendarYearNotLoadedError } from './errors';
import { movedHolidayDaysOff } from './labour-code';

/** Why a day is or is not a working day. */
export type DayKind =
  | 'WORKING_DAY'
  | 'WEEKEND'
  | 'HOLIDAY'
  /** The next working day after a holiday that fell on a Saturday or Sunday (Labour Code rule). */
  | 'HOLIDAY_MOVED_OFF_WEEKEND'
  /** A weekday a government decree made a day off. */
  | 'TRANSFERRED_DAY_OFF'
  /** A Saturday or Sunday a government decree made a working day. */
  | 'TRANSFERRED_WORKING_DAY';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** HOLIDAY: the holiday itself; HOLIDAY_MOVED_OFF_WEEKEND: the holiday the day off is for. */
  holiday?: Holiday;
  transfer?: TransferDay;
}

/** An entry an operator still has to confirm. */
export interface UnconfirmedEntry {
  year: number;
  date: string;
  what: string;
  note?: string;
}

type Exception = Omit<DayInfo, 'date'>;

function positiveCount(n: number): number {
  // n = 0 is refused: "the 0th working day after t" has no meaning, and a policy setting of 0 is a
  // misconfiguration that must not silently produce a deadline of "today".
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`a number of days must be a whole number of at least 1, got ${n}`);
  return n;
}

/**
 * Kazakhstan's working days (R2) over the years an operator has loaded. Every question about a
 * day of a year that is not loaded throws `CalendarYearNotLoadedError`; nothing is guessed.
 */
export class WorkingCalendar {
  private readonly data = new Map<number, CalendarYear>();
  private readonly exceptions = new Map<number, Map<string, Exception>>();

  constructor(years: readonly unknown[]) {
    for (const input of years) {
      const year = validateCalendarYear(input);
      if (this.data.has(year.year)) throw new CalendarDataError(`calendar ${year.year}: loaded twice`);
      this.data.set(year.year, year);
      this.exceptions.set(year.year, WorkingCalendar.index(year));
    }
  }

  private static index(year: CalendarYear): Map<string, Exception> {
    const days = new Map<string, Exception>();
    for (const transfer of year.transferredWorkingDays) {
      days.set(transfer.date, { working: true, kind: 'TRANSFERRED_WORKING_DAY', transfer });
    }
    for (const transfer of year.transferredDaysOff)
      days.set(transfer.date, { working: false, kind: 'TRANSFERRED_DAY_OFF', transfer });
    for (const { date, holiday } of movedHolidayDaysOff(year)) {
      days.set(date, { working: false, kind: 'HOLIDAY_MOVED_OFF_WEEKEND', holiday });
    }
    // A holiday wins over everything else on its day; of two on one day, the one that moves off a
    // weekend (national/state) is the one shown.
    const ordered = [...year.holidays].sort((a, b) => Number(a.kind !== 'religious') - Number(b.kind !== 'religious'));
    for (const holiday of ordered) days.set(holiday.date, { working: false, kind: 'HOLIDAY', holiday });
    return days;
  }

  /** The years loaded, ascending. */
  get loadedYears(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  /** The data of a loaded year as validated (for display and audit). */
  year(year: number): CalendarYear {
    const data = this.data.get(year);
    if (!data) throw new CalendarYearNotLoadedError(year, this.loadedYears);
    return data;
  }

  describeDay(date: string): DayInfo {
    assertCalendarDate(date);
    const exceptions = this.exceptions.get(yearOf(date));
    if (!exceptions) throw new CalendarYearNotLoadedError(yearOf(date), this.loadedYears);
    const exception = exceptions.get(date);
    if (exception) return { date, ...exception };
    return isSaturdayOrSunday(date)
      ? { date, working: false, kind: 'WEEKEND' }
      : { date, working: true, kind: 'WORKING_DAY' };
  }

  /** R2: not a Saturday or Sunday, a public holiday, a moved holiday or a decree day off. */
  isWorkingDay(date: string): boolean {
    return this.describeDay(date).working;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** The n-th working day strictly after `date` (n ≥ 1); `date` itself never counts. */
  addWorkingDays(date: string, n: number): string {
    assertCalendarDate(date);
    let left = positiveCount(n);
    let day = date;
    while (left > 0) {
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /**
   * R2: a deadline of n working days from instant `from` ends at 23:59:59.999 Almaty of the n-th
   * working day after `from`'s Almaty date. The day of `from` never counts, even when `from` is
   * early on a working day.
   */
  workingDaysDeadline(from: Date, n: number): Date {
    return endOfAlmatyDay(this.addWorkingDays(almatyDate(from), n));
  }

  /** Days off that are not Saturdays or Sundays, and weekend days made working, in a loaded year. */
  exceptionsOf(year: number): DayInfo[] {
    const days = this.exceptions.get(year);
    if (!days) throw new CalendarYearNotLoadedError(year, this.loadedYears);
    return [...days.keys()].sort().map((date) => this.describeDay(date));
  }

  /** The number of working days in a loaded year (compare with the published production calendar). */
  workingDayCount(year: number): number {
    this.year(year);
    let count = 0;
    for (let day = `${year}-01-01`; yearOf(day) === year; day = addCalendarDays(day, 1))
      if (this.isWorkingDay(day)) count += 1;
    return count;
  }

  /** Everything an operator still has to confirm, by date. */
  unconfirmed(): UnconfirmedEntry[] {
    const entries: UnconfirmedEntry[] = [];
    for (const { year, holidays, transferredDaysOff, transferredWorkingDays } of this.data.values()) {
      const add = (entry: { date: string; confirmed: boolean; note?: string }, what: string) => {
        if (!entry.confirmed)
          entries.push({ year, date: entry.date, what, ...(entry.note ? { note: entry.note } : {}) });
      };
      for (const h of holidays) add(h, `holiday: ${h.name.en}`);
      for (const t of transferredDaysOff) add(t, `decree day off: ${t.decree}`);
      for (const t of transferredWorkingDays) add(t, `decree working day: ${t.decree}`);
    }
    return entries.sort((a, b) => a.date.localeCompare(b.date));
  }
}
