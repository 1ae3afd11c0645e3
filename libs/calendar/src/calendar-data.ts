import { isCalendarDate, isSaturdayOrSunday, yearOf } from './calendar-date';
import { CalendarDataError } from './errors';

/**
 * The data an operator maintains for one year (R2). Plain JSON-shaped values, so a service can
 * load them from its database or a file and pass them to `WorkingCalendar`.
 */
export interface LocalizedName {
  kk: string;
  ru: string;
  en: string;
}

/**
 * Law "On holidays in the Republic of Kazakhstan": national and state holidays are days off, and
 * one that falls on a Saturday or Sunday moves the day off to the next working day. The first
 * day of Kurban Ait and Orthodox Christmas are religious days off that never move.
 */
export type HolidayKind = 'national' | 'state' | 'religious';

export interface Holiday {
  date: string;
  name: LocalizedName;
  kind: HolidayKind;
  /** false while the date is an estimate or awaits an official act; operators confirm it. */
  confirmed: boolean;
  note?: string;
}

/** One day of a government decree on transfers (Labour Code, art. 85 p. 3). */
export interface TransferDay {
  date: string;
  /** The decree, e.g. "Government decree No. … of …"; what an operator would cite. */
  decree: string;
  confirmed: boolean;
  note?: string;
}

export interface CalendarYear {
  year: number;
  holidays: Holiday[];
  /** Working days (Monday–Friday) that a decree made days off. */
  transferredDaysOff: TransferDay[];
  /** Saturdays or Sundays that a decree made working days. */
  transferredWorkingDays: TransferDay[];
  /** Where the data came from (publication, decree, date seen). */
  sources: string[];
  /** What is known to be uncertain or changed; shown to operators. */
  notes: string[];
}

const KINDS: readonly HolidayKind[] = ['national', 'state', 'religious'];

function fail(where: string, problem: string): never {
  throw new CalendarDataError(`calendar ${where}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDate(where: string, value: unknown, year: number): string {
  if (!isCalendarDate(value)) fail(where, `date must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  if (yearOf(value) !== year) fail(where, `${value} is not in ${year}`);
  return value;
}

function checkStrings(where: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) fail(where, 'must be a list of strings');
  return value;
}

function checkTransfers(where: string, value: unknown, year: number): TransferDay[] {
  if (!Array.isArray(value)) fail(where, 'must be a list');
  return value.map((entry, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(entry)) fail(at, 'must be an object');
    const date = checkDate(at, entry['date'], year);
    if (typeof entry['decree'] !== 'string' || !entry['decree'].trim()) fail(at, 'names no decree');
    if (typeof entry['confirmed'] !== 'boolean') fail(at, 'confirmed must be true or false');
    if (entry['note'] !== undefined && typeof entry['note'] !== 'string') fail(at, 'note must be text');
    return {
      date,
      decree: entry['decree'],
      confirmed: entry['confirmed'],
      ...(entry['note'] ? { note: entry['note'] } : {}),
    };
  });
}

/**
 * Checks one year's data as it comes from an operator (untyped JSON is fine) and returns it
 * typed. Refuses what cannot be right rather than guessing: dates outside the year, a "day off"
 * decree day that is already a weekend or a holiday, a "working" decree day that is not a
 * weekend or is a holiday.
 */
export function validateCalendarYear(input: unknown): CalendarYear {
  if (!isRecord(input)) fail('year', 'must be an object');
  const year = input['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
    fail('year', `year must be an integer between 2000 and 2100, got ${JSON.stringify(year)}`);
  }
  const where = String(year);
  if (!Array.isArray(input['holidays'])) fail(`${where}.holidays`, 'must be a list');
  const holidays: Holiday[] = input['holidays'].map((entry: unknown, i: number) => {
    const at = `${where}.holidays[${i}]`;
    if (!isRecord(entry)) fail(at, 'must be an object');
    const date = checkDate(at, entry['date'], year);
    const name = entry['name'];
    if (!isRecord(name) || !(['kk', 'ru', 'en'] as const).every((l) => typeof name[l] === 'string' && name[l].trim())) {
      fail(at, 'name needs kk, ru and en');
    }
    const kind = entry['kind'];
    if (!KINDS.includes(kind as HolidayKind)) fail(at, `kind must be one of ${KINDS.join(', ')}`);
    if (typeof entry['confirmed'] !== 'boolean') fail(at, 'confirmed must be true or false');
    if (entry['note'] !== undefined && typeof entry['note'] !== 'string') fail(at, 'note must be text');
    return {
      date,
      name: { kk: String(name['kk']), ru: String(name['ru']), en: String(name['en']) },
      kind: kind as HolidayKind,
      confirmed: entry['confirmed'],
      ...(entry['note'] ? { note: entry['note'] } : {}),
    };
  });
  const transferredDaysOff = checkTransfers(`${where}.transferredDaysOff`, input['transferredDaysOff'], year);
  const transferredWorkingDays = checkTransfers(
    `${where}.transferredWorkingDays`,
    input['transferredWorkingDays'],
    year,
  );
  const sources = checkStrings(`${where}.sources`, input['sources']);
  const notes = checkStrings(`${where}.notes`, input['notes']);

  const holidayDates = new Set(holidays.map((h) => h.date));
  const seen = new Set<string>();
  for (const day of transferredDaysOff) {
    const at = `${where}.transferredDaysOff`;
    if (isSaturdayOrSunday(day.date)) fail(at, `${day.date} is a Saturday or Sunday, already a day off`);
    if (holidayDates.has(day.date)) fail(at, `${day.date} is a holiday, already a day off`);
    if (seen.has(day.date)) fail(at, `${day.date} is listed twice`);
    seen.add(day.date);
  }
  for (const day of transferredWorkingDays) {
    const at = `${where}.transferredWorkingDays`;
    if (!isSaturdayOrSunday(day.date)) fail(at, `${day.date} is not a Saturday or Sunday, already a working day`);
    if (holidayDates.has(day.date)) fail(at, `${day.date} is a holiday and cannot be made a working day`);
    if (seen.has(day.date)) fail(at, `${day.date} is listed twice`);
    seen.add(day.date);
  }
  return { year, holidays, transferredDaysOff, transferredWorkingDays, sources, notes };
}
