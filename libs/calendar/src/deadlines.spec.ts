import { addCalendarDays, endOfAlmatyDay, isCalendarDate, isoDayOfWeek } from './calendar-date';
import { calendarDaysDeadline, isPastDeadline } from './deadlines';
import { at } from './testing/fixtures';

const iso = (d: Date) => d.toISOString();

describe('calendar days (R3)', () => {
  it('count every day, holidays and weekends included, to the end of the n-th day after the Almaty date', () => {
    // Fri 20 March 2026 + 3: Sat 21, Sun 22, Mon 23 (Nauryz) all count
    expect(iso(calendarDaysDeadline(at('2026-03-20T15:00'), 3))).toBe('2026-03-23T18:59:59.999Z');
  });

  it('extends a referral by at most 30 calendar days after its expiry (R14)', () => {
    const expiry = endOfAlmatyDay('2026-03-30');
    expect(iso(calendarDaysDeadline(expiry, 30))).toBe('2026-04-29T18:59:59.999Z');
  });

  it('count from the Almaty date: 23:30 and 00:30 Almaty differ by a day', () => {
    expect(iso(calendarDaysDeadline(at('2026-03-05T23:30'), 10))).toBe('2026-03-15T18:59:59.999Z');
    expect(iso(calendarDaysDeadline(at('2026-03-06T00:30'), 10))).toBe('2026-03-16T18:59:59.999Z');
  });

  it('need no holiday data, so any year works', () => {
    expect(iso(calendarDaysDeadline(at('2031-12-28T10:00'), 5))).toBe('2032-01-02T18:59:59.999Z');
  });

  it('refuse n = 0 and non-integers', () => {
    for (const n of [0, -3, 2.5, Number.NaN])
      expect(() => calendarDaysDeadline(at('2026-03-05T10:00'), n)).toThrow(RangeError);
  });

  it('date arithmetic: leap years, year ends, going back (R18: documents dated at most 10 days before)', () => {
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-05', -10)).toBe('2026-02-23');
    expect(isoDayOfWeek('2026-03-21')).toBe(6);
    expect(isoDayOfWeek('2026-03-22')).toBe(7);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});

describe('the end of an Almaty day and being past a deadline', () => {
  it('ends a day at 23:59:59.999+05:00', () => {
    expect(iso(endOfAlmatyDay('2026-03-11'))).toBe('2026-03-11T18:59:59.999Z');
  });

  it('counts the deadline instant itself as in time and the next millisecond as late', () => {
    const deadline = endOfAlmatyDay('2026-03-11');
    expect(isPastDeadline(deadline, new Date('2026-03-11T18:59:59.999Z'))).toBe(false);
    expect(isPastDeadline(deadline, new Date('2026-03-11T19:00:00.000Z'))).toBe(true);
    expect(isPastDeadline(deadline, at('2026-03-11T23:30'))).toBe(false);
    expect(isPastDeadline(deadline, at('2026-03-12T00:30'))).toBe(true);
  });
});
