import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { CalendarYearNotLoadedError, DayInfo, WorkingCalendar } from '@kezek/calendar';
import { Clock } from '@kezek/clock';
import { validateInput } from '@kezek/validation';
import { CalendarChangeRecord } from './calendar-change.entity';
import { CalendarRepository, LoadedCalendar } from './calendar.repository';
import {
  applyCalendarChange,
  CalendarChange,
  calendarYearNotLoaded,
  changeDate,
  checkedNewYear,
} from './calendar.rules';
import {
  calendarYearInput,
  loadCalendarYearInput,
  removeCalendarDayInput,
  setHolidayInput,
  setTransferDayInput,
} from './calendar.schema';
import { CalendarChange as CalendarChangeView } from './models/calendar-change.model';
import { CalendarChangeAction } from './models/calendar-change-action.enum';
import { CalendarDay } from './models/calendar-day.model';
import { HolidayKind } from './models/holiday-kind.enum';
import { WorkingCalendarYear } from './models/working-calendar-year.model';

/**
 * The working-day calendar (R2) that every deadline of the queue is counted on (offers R10,
 * referrals R13, the stop-list R16), kept by ADMINs in `queue.calendar_year`.
 *
 * Caching: the calendar is read once and kept in the process; every use first asks the database
 * for the calendar's version (one aggregate over a row per year) and reloads when it differs. So a
 * change committed by any process counts from the next deadline on, at the cost of that one small
 * query; a TTL would save it but leave deadlines counted on an outdated calendar for the TTL.
 */
@Injectable()
export class CalendarService {
  private cached: LoadedCalendar | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CalendarRepository,
    private readonly clock: Clock,
  ) {}

  /** The calendar as committed now. Its questions about a year not loaded throw `CalendarYearNotLoadedError`. */
  /**
   * The calendar at its current version. A caller inside a transaction passes its manager: a
   * second pool connection per transaction deadlocks once the pool's connections are all held
   * by transactions waiting for one (the release-day race of bench:lifecycle did).
   */
  async calendar(manager?: EntityManager): Promise<WorkingCalendar> {
    const version = await this.repository.version(manager);
    if (this.cached?.version !== version) this.cached = await this.repository.load(manager);
    return this.cached.calendar;
  }

  /**
   * R2: the end (23:59:59.999 Almaty) of the n-th working day after `from`'s Almaty date. A year the
   * count reaches that nobody has loaded is refused as CALENDAR_YEAR_NOT_LOADED naming the year.
   */
  async workingDaysDeadline(from: Date, n: number, manager?: EntityManager): Promise<Date> {
    const calendar = await this.calendar(manager);
    try {
      return calendar.workingDaysDeadline(from, n);
    } catch (error) {
      if (error instanceof CalendarYearNotLoadedError) throw calendarYearNotLoaded(error.year, error.loadedYears);
      throw error;
    }
  }

  /** A loaded year as operators see it; null when the year is not loaded. */
  async year(raw: unknown): Promise<WorkingCalendarYear | null> {
    const { year } = validateInput(calendarYearInput, raw);
    const calendar = await this.calendar();
    return calendar.loadedYears.includes(year) ? yearView(calendar, year) : null;
  }

  async changes(raw: unknown): Promise<CalendarChangeView[]> {
    const { year } = validateInput(calendarYearInput, raw);
    return (await this.repository.changes(year)).map(changeView);
  }

  async setHoliday(admin: Principal, raw: unknown): Promise<WorkingCalendarYear> {
    const { date, nameKk, nameRu, nameEn, kind, confirmed, note, reason } = validateInput(setHolidayInput, raw);
    const holiday = { date, name: { kk: nameKk, ru: nameRu, en: nameEn }, kind, confirmed, ...(note ? { note } : {}) };
    return this.change(admin, { action: 'SET_HOLIDAY', holiday }, reason);
  }

  async setTransferDay(admin: Principal, raw: unknown): Promise<WorkingCalendarYear> {
    const { date, kind, decree, confirmed, note, reason } = validateInput(setTransferDayInput, raw);
    const transfer = { date, decree, confirmed, ...(note ? { note } : {}) };
    return this.change(admin, { action: 'SET_TRANSFER_DAY', kind, transfer }, reason);
  }

  async removeDay(admin: Principal, raw: unknown): Promise<WorkingCalendarYear> {
    const { date, reason } = validateInput(removeCalendarDayInput, raw);
    return this.change(admin, { action: 'REMOVE_DAY', date }, reason);
  }

  /** A whole year from a decree; loading the same data again is a repeat and changes nothing. */
  async loadYear(admin: Principal, raw: unknown): Promise<WorkingCalendarYear> {
    const { data, reason } = validateInput(loadCalendarYearInput, raw);
    const year = await this.db.transaction(async (tx) => {
      for (;;) {
        const loaded = checkedNewYear(await this.repository.lockYear(tx, yearOfData(data)), data);
        if (!loaded) return yearOfData(data);
        const at = this.clock.now();
        // A concurrent load of the same year committed first: compare with what it loaded instead.
        if (!(await this.repository.insertYear(tx, loaded, at, admin.userId))) continue;
        await this.repository.recordChange(tx, {
          year: loaded.year,
          at,
          actor: admin.userId,
          action: CalendarChangeAction.LOAD_YEAR,
          date: null,
          before: null,
          after: loaded,
          reason,
        });
        return loaded.year;
      }
    });
    return yearView(await this.calendar(), year);
  }

  /** Locks the year's row, applies the change, checks the whole year and records it, or changes nothing. */
  private async change(admin: Principal, change: CalendarChange, reason: string): Promise<WorkingCalendarYear> {
    const year = Number(changeDate(change).slice(0, 4));
    await this.db.transaction(async (tx) => {
      const current = await this.repository.lockYear(tx, year);
      if (!current) throw calendarYearNotLoaded(year, await this.repository.loadedYears(tx));
      const applied = applyCalendarChange(current, change);
      if (!applied) return;
      const at = this.clock.now();
      await this.repository.saveYear(tx, applied.year, at, admin.userId);
      await this.repository.recordChange(tx, {
        year,
        at,
        actor: admin.userId,
        action: CalendarChangeAction[change.action],
        date: applied.date,
        before: applied.before,
        after: applied.after,
        reason,
      });
    });
    return yearView(await this.calendar(), year);
  }
}

/** The year a year's data names, for locking its row before the data is checked (checkedNewYear refuses a bad one). */
function yearOfData(data: unknown): number {
  const year = (data as { year?: unknown } | null)?.year;
  return typeof year === 'number' && Number.isSafeInteger(year) ? year : 0;
}

function dayView(day: DayInfo): CalendarDay {
  const entry = day.holiday ?? day.transfer;
  return {
    date: day.date,
    working: day.working,
    kind: day.kind,
    name: day.holiday?.name ?? null,
    holidayKind: (day.holiday?.kind as HolidayKind | undefined) ?? null,
    holidayDate: day.kind === 'HOLIDAY_MOVED_OFF_WEEKEND' ? day.holiday!.date : null,
    decree: day.transfer?.decree ?? null,
    confirmed: entry?.confirmed ?? true,
    note: entry?.note ?? null,
  };
}

function yearView(calendar: WorkingCalendar, year: number): WorkingCalendarYear {
  const { sources, notes } = calendar.year(year);
  return {
    year,
    workingDayCount: calendar.workingDayCount(year),
    days: calendar.exceptionsOf(year).map(dayView),
    sources,
    notes,
  };
}

function changeView(record: CalendarChangeRecord): CalendarChangeView {
  return {
    ...record,
    before: record.before ? JSON.stringify(record.before) : null,
    after: record.after ? JSON.stringify(record.after) : null,
  };
}
