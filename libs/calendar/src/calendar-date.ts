import { ALMATY_OFFSET_MINUTES } from '@kezek/clock';

/**
 * Calendar days are plain `YYYY-MM-DD` strings: an Almaty calendar day (R1), never an instant.
 * The arithmetic runs on UTC midnights so no host time zone or DST can shift a day.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const at = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return at.getUTCFullYear() === Number(y) && at.getUTCMonth() === Number(m) - 1 && at.getUTCDate() === Number(d);
}

export function assertCalendarDate(value: unknown, what = 'date'): asserts value is string {
  if (!isCalendarDate(value))
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

function utcMidnight(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The day `n` calendar days after `date` (before it for negative `n`). */
export function addCalendarDays(date: string, n: number): string {
  assertCalendarDate(date);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a number of days must be an integer, got ${n}`);
  return new Date(utcMidnight(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO day of week: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function isoDayOfWeek(date: string): number {
  assertCalendarDate(date);
  return new Date(utcMidnight(date)).getUTCDay() || 7;
}

export function isSaturdayOrSunday(date: string): boolean {
  return isoDayOfWeek(date) >= 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The last millisecond of an Almaty day: 23:59:59.999+05:00 (R1, R2). */
export function endOfAlmatyDay(date: string): Date {
  assertCalendarDate(date);
  return new Date(utcMidnight(date) + DAY_MS - 1 - ALMATY_OFFSET_MINUTES * 60_000);
}

/**
 * Full years of age on `date` for someone born on `birthDate` (R4, R8). A 29 February birthday
 * is reached on 1 March in common years, as the civil law counts it.
 */
export function fullYearsOn(birthDate: string, date: string): number {
  assertCalendarDate(birthDate, 'birth date');
  assertCalendarDate(date);
  const years = yearOf(date) - yearOf(birthDate);
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}
