import { KAZAKHSTAN_DEFAULT_YEARS } from './data';
import { HOLIDAY_NAMES as N } from './data/holiday-names';
import { CalendarDataError, CalendarYearNotLoadedError } from './errors';
import { at, holiday, PART_OF_2023, year } from './testing/fixtures';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
const iso = (d: Date) => d.toISOString();

describe('working days (R2)', () => {
  it('skips Saturdays, Sundays, holidays and moved holidays', () => {
    expect(calendar.isWorkingDay('2026-02-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-02-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-02-08')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-01-07')).toBe(false); // Orthodox Christmas, Wednesday
    expect(calendar.isWorkingDay('2026-03-09')).toBe(false); // 8 March was a Sunday
    expect(calendar.isWorkingDay('2026-03-20')).toBe(true); // Oraza Ait is not a day off
    expect(calendar.isWorkingDay('2026-08-31')).toBe(true); // no Constitution Day on 30 August any more
  });

  it('says why a day is off', () => {
    expect(calendar.describeDay('2026-03-23')).toMatchObject({
      working: false,
      kind: 'HOLIDAY',
      holiday: { name: { en: 'Nauryz' } },
    });
    expect(calendar.describeDay('2026-03-25')).toMatchObject({
      working: false,
      kind: 'HOLIDAY_MOVED_OFF_WEEKEND',
      holiday: { date: '2026-03-22' },
    });
    expect(calendar.describeDay('2026-05-09')).toMatchObject({ working: false, kind: 'HOLIDAY' });
    expect(calendar.describeDay('2026-05-10')).toEqual({ date: '2026-05-10', working: false, kind: 'WEEKEND' });
    expect(calendar.describeDay('2026-05-12')).toEqual({ date: '2026-05-12', working: true, kind: 'WORKING_DAY' });
  });

  it('gives the next working day strictly after a date', () => {
    expect(calendar.nextWorkingDay('2026-02-06')).toBe('2026-02-09'); // Friday → Monday
    expect(calendar.nextWorkingDay('2026-03-20')).toBe('2026-03-26'); // Nauryz 21–25 March
    expect(calendar.nextWorkingDay('2026-02-10')).toBe('2026-02-11'); // a working day is not its own next
  });
});

describe('working-day deadlines (R2, R10, R13, R16)', () => {
  it('spans a weekend: Thursday + 5 ends on the next Thursday', () => {
    // Fri 6 (1), Mon 9 (2), Tue 10 (3), Wed 11 (4), Thu 12 (5)
    expect(iso(calendar.workingDaysDeadline(at('2026-02-05T10:00'), 5))).toBe('2026-02-12T18:59:59.999Z');
  });

  it('spans Nauryz and its two moved days', () => {
    // Sat 21, Sun 22, Mon 23 holidays; Tue 24, Wed 25 moved; Thu 26 (1), Fri 27 (2), Mon 30 (3)
    expect(iso(calendar.workingDaysDeadline(at('2026-03-20T15:00'), 3))).toBe('2026-03-30T18:59:59.999Z');
    // …then Tue 31 (4), Wed 1 April (5)
    expect(iso(calendar.workingDaysDeadline(at('2026-03-20T15:00'), 5))).toBe('2026-04-01T18:59:59.999Z');
  });

  it('skips the Monday after a holiday on a Saturday (Victory Day 2026)', () => {
    // Sat 9 May → Mon 11 May off: Friday + 1 is Tuesday 12
    expect(iso(calendar.workingDaysDeadline(at('2026-05-08T09:00'), 1))).toBe('2026-05-12T18:59:59.999Z');
    // Thu 7 holiday, Fri 8 (1), Mon 11 off, Tue 12 (2)
    expect(iso(calendar.workingDaysDeadline(at('2026-05-06T12:00'), 2))).toBe('2026-05-12T18:59:59.999Z');
  });

  it('follows a decree: a Saturday made working counts, a Friday made a day off does not', () => {
    const c2023 = new WorkingCalendar([PART_OF_2023]);
    expect(c2023.describeDay('2023-07-01')).toMatchObject({ working: true, kind: 'TRANSFERRED_WORKING_DAY' });
    expect(c2023.describeDay('2023-07-07')).toMatchObject({ working: false, kind: 'TRANSFERRED_DAY_OFF' });
    // Fri 30 June + 1 → Sat 1 July (working by decree)
    expect(iso(c2023.workingDaysDeadline(at('2023-06-30T11:00'), 1))).toBe('2023-07-01T18:59:59.999Z');
    // Wed 5 July + 1: Thu 6 Capital Day, Fri 7 decree day off, weekend → Mon 10
    expect(iso(c2023.workingDaysDeadline(at('2023-07-05T11:00'), 1))).toBe('2023-07-10T18:59:59.999Z');
    // Tue 27 June + 3: Wed 28 Kurban Ait, Thu 29 (1), Fri 30 (2), Sat 1 July (3)
    expect(iso(c2023.workingDaysDeadline(at('2023-06-27T11:00'), 3))).toBe('2023-07-01T18:59:59.999Z');
  });

  it('counts from the Almaty date: 23:30 and 00:30 Almaty fall on one UTC date but give different deadlines', () => {
    const lateThursday = at('2026-03-05T23:30');
    const earlyFriday = at('2026-03-06T00:30');
    expect(lateThursday.toISOString().slice(0, 10)).toBe('2026-03-05');
    expect(earlyFriday.toISOString().slice(0, 10)).toBe('2026-03-05');
    // from Thu 5 March: Fri 6 (1), Mon 9 off (8 March was a Sunday), Tue 10 (2), Wed 11 (3)
    expect(iso(calendar.workingDaysDeadline(lateThursday, 3))).toBe('2026-03-11T18:59:59.999Z');
    // from Fri 6 March: Tue 10 (1), Wed 11 (2), Thu 12 (3)
    expect(iso(calendar.workingDaysDeadline(earlyFriday, 3))).toBe('2026-03-12T18:59:59.999Z');
  });

  it('never counts the day of the instant, even at midnight of a working day', () => {
    expect(iso(calendar.workingDaysDeadline(at('2026-03-10T00:00'), 1))).toBe('2026-03-11T18:59:59.999Z');
    // from a day off, the first working day counts as 1
    expect(iso(calendar.workingDaysDeadline(at('2026-03-08T12:00'), 1))).toBe('2026-03-10T18:59:59.999Z');
  });

  it('refuses n = 0, negative and fractional counts', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => calendar.workingDaysDeadline(at('2026-03-10T10:00'), n)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2026-03-10', n)).toThrow(RangeError);
    }
  });

  it('crosses the year boundary: late December 2026 + 5', () => {
    // Tue 29 Dec: Wed 30 (1), Thu 31 (2), Fri 1 and Sat 2 Jan New Year, Mon 4 moved,
    // Tue 5 (3), Wed 6 (4), Thu 7 Christmas, Fri 8 (5)
    expect(iso(calendar.workingDaysDeadline(at('2026-12-29T14:00'), 5))).toBe('2027-01-08T18:59:59.999Z');
    // 00:30 Almaty on 1 January is still 31 December in UTC, but counts from 1 January
    expect(calendar.nextWorkingDay('2027-01-01')).toBe('2027-01-05');
    expect(iso(calendar.workingDaysDeadline(new Date('2026-12-31T19:30:00Z'), 1))).toBe('2027-01-05T18:59:59.999Z');
  });

  it('refuses to count into a year nobody has loaded, and counts once it is loaded', () => {
    // Mon 27 Dec 2027 + 5: 28, 29, 30, 31 December, then 2028 is needed
    expect(() => calendar.workingDaysDeadline(at('2027-12-27T10:00'), 5)).toThrow(CalendarYearNotLoadedError);
    expect(() => calendar.workingDaysDeadline(at('2027-12-27T10:00'), 5)).toThrow(
      /no data for 2028 \(loaded: 2026, 2027\)/,
    );
    expect(iso(calendar.workingDaysDeadline(at('2027-12-27T10:00'), 4))).toBe('2027-12-31T18:59:59.999Z');
    expect(() => calendar.isWorkingDay('2025-12-31')).toThrow(CalendarYearNotLoadedError);
    let thrown: unknown;
    try {
      calendar.isWorkingDay('2030-01-10');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'CALENDAR_YEAR_NOT_LOADED', year: 2030, loadedYears: [2026, 2027] });

    const with2028 = new WorkingCalendar([
      ...KAZAKHSTAN_DEFAULT_YEARS,
      year(2028, { holidays: [holiday('2028-01-01', N.newYear), holiday('2028-01-02', N.newYear)] }),
    ]);
    // Sat 1 and Sun 2 January 2028 → Mon 3 and Tue 4 off: 28, 29, 30, 31 Dec (4), Wed 5 Jan (5)
    expect(iso(with2028.workingDaysDeadline(at('2027-12-27T10:00'), 5))).toBe('2028-01-05T18:59:59.999Z');
  });

  it('refuses malformed dates', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-3-1')).toThrow(RangeError);
  });
});

describe('loading data', () => {
  it('refuses a year loaded twice and contradictory decree days', () => {
    expect(() => new WorkingCalendar([year(2026), year(2026)])).toThrow(CalendarDataError);
    const saturdayOff = year(2026, { transferredDaysOff: [{ date: '2026-02-07', decree: 'x', confirmed: true }] });
    expect(() => new WorkingCalendar([saturdayOff])).toThrow(/2026-02-07 is a Saturday or Sunday, already a day off/);
    const mondayWorking = year(2026, {
      transferredWorkingDays: [{ date: '2026-02-09', decree: 'x', confirmed: true }],
    });
    expect(() => new WorkingCalendar([mondayWorking])).toThrow(/not a Saturday or Sunday/);
    const holidayWorking = year(2026, {
      holidays: [holiday('2026-03-21', N.nauryz)],
      transferredWorkingDays: [{ date: '2026-03-21', decree: 'x', confirmed: true }],
    });
    expect(() => new WorkingCalendar([holidayWorking])).toThrow(/is a holiday and cannot be made a working day/);
  });

  it('refuses malformed operator data with the place of the fault', () => {
    expect(() => new WorkingCalendar([year(2026, { holidays: [holiday('2027-01-01', N.newYear)] })])).toThrow(
      /2027-01-01 is not in 2026/,
    );
    const noKazakhName = {
      ...year(2026),
      holidays: [{ date: '2026-01-01', name: { ru: 'Новый год', en: 'New Year' }, kind: 'state', confirmed: true }],
    };
    expect(() => new WorkingCalendar([noKazakhName])).toThrow(/2026\.holidays\[0\]: name needs kk, ru and en/);
    const badKind = { ...year(2026), holidays: [{ ...holiday('2026-01-01', N.newYear), kind: 'bank' }] };
    expect(() => new WorkingCalendar([badKind])).toThrow(/kind must be one of/);
    expect(() => new WorkingCalendar([{ year: 2026 }])).toThrow(CalendarDataError);
    expect(() => new WorkingCalendar([{ ...year(2026), year: '2026' }])).toThrow(/year must be an integer/);
  });

  it('accepts the same data as JSON', () => {
    const fromJson = new WorkingCalendar(JSON.parse(JSON.stringify(KAZAKHSTAN_DEFAULT_YEARS)));
    expect(fromJson.exceptionsOf(2026)).toEqual(calendar.exceptionsOf(2026));
  });
});
