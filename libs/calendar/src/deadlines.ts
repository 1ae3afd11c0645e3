import { almatyDate } from '@kezek/clock';
import { addCalendarDays, endOfAlmatyDay } from './calendar-date';

/**
 * R3: a deadline of n calendar days from instant `from` ends at 23:59:59.999 Almaty of the n-th
 * calendar day after `from`'s Almaty date — the same shape as R2, only every day counts.
 *
 * Why the end of the day: the seeds count calendar days in dates, not hours. The extension form
 * asks for a "Дата продления" (a date) "up to 30 calendar days" (R14), and privileged documents
 * must be dated no more than 10 calendar days before the referral request (R18), a comparison of
 * dates. Where the seeds mean a span of hours they say so — a referral may be revoked "within one
 * day (бір тәулік) from the moment it was issued" (R15) — and that is `issuedAt + 24 h`, not this.
 *
 * Needs no holiday data, so it works for any year.
 */
export function calendarDaysDeadline(from: Date, n: number): Date {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`a number of days must be a whole number of at least 1, got ${n}`);
  return endOfAlmatyDay(addCalendarDays(almatyDate(from), n));
}

/**
 * Whether instant `at` is past `deadline`. Deadlines here are the last millisecond that still
 * counts (23:59:59.999 Almaty), so the deadline instant itself is in time and anything later is not.
 */
export function isPastDeadline(deadline: Date, at: Date): boolean {
  return at.getTime() > deadline.getTime();
}
