import { isoDayOfWeek } from '../calendar-date';
import { validateCalendarYear } from '../calendar-data';
import { holiday } from '../testing/fixtures';
import { WorkingCalendar } from '../working-calendar';
import { HOLIDAY_NAMES as N } from './holiday-names';
import { KAZAKHSTAN_2026, KAZAKHSTAN_2027, KAZAKHSTAN_DEFAULT_YEARS } from './index';

const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
const weekdaysOff = (c: WorkingCalendar, y: number) =>
  c
    .exceptionsOf(y)
    .filter((d) => !d.working && isoDayOfWeek(d.date) <= 5)
    .map((d) => d.date.slice(5));

describe('the shipped Kazakhstan calendar', () => {
  it('passes validation as it ships', () => {
    for (const y of KAZAKHSTAN_DEFAULT_YEARS) expect(validateCalendarYear(y)).toEqual(y);
    expect(calendar.loadedYears).toEqual([2026, 2027]);
  });

  it('2026: the published calendar, without Constitution Day', () => {
    expect(weekdaysOff(calendar, 2026)).toEqual([
      '01-01',
      '01-02',
      '01-07',
      '03-09',
      '03-23',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-11',
      '05-27',
      '07-06',
      '10-26',
      '12-16',
    ]);
    expect(calendar.workingDayCount(2026)).toBe(247);
  });

  it('2026: with 30 August restored, matches the published 246 working days and 15 extra weekdays off', () => {
    const before = new WorkingCalendar([
      { ...KAZAKHSTAN_2026, holidays: [...KAZAKHSTAN_2026.holidays, holiday('2026-08-30', N.constitutionDay)] },
    ]);
    expect(before.workingDayCount(2026)).toBe(246);
    expect(365 - before.workingDayCount(2026)).toBe(119);
    expect(weekdaysOff(before, 2026)).toHaveLength(15);
    expect(before.describeDay('2026-08-31')).toMatchObject({ working: false, kind: 'HOLIDAY_MOVED_OFF_WEEKEND' });
  });

  it('2027: the forecast days off on weekdays', () => {
    expect(weekdaysOff(calendar, 2027)).toEqual([
      '01-01',
      '01-04',
      '01-07',
      '03-08',
      '03-15',
      '03-22',
      '03-23',
      '03-24',
      '05-03',
      '05-07',
      '05-10',
      '07-06',
      '10-25',
      '12-16',
    ]);
    expect(calendar.isWorkingDay('2027-05-17')).toBe(true); // Kurban Ait (est.) on a Sunday does not move
    expect(calendar.isWorkingDay('2027-08-30')).toBe(true);
  });

  it('lists what operators still have to confirm', () => {
    expect(calendar.unconfirmed().map((e) => `${e.date} ${e.what}`)).toEqual([
      '2027-03-15 holiday: Constitution Day',
      '2027-05-16 holiday: Kurban Ait (first day)',
    ]);
    expect(KAZAKHSTAN_2026.notes.join(' ')).toMatch(/Constitution Day/);
    expect(KAZAKHSTAN_2027.notes.join(' ')).toMatch(/Forecast/);
  });

  it('names every holiday in Kazakh, Russian and English and cites sources', () => {
    for (const y of KAZAKHSTAN_DEFAULT_YEARS) {
      expect(y.sources.length).toBeGreaterThan(0);
      for (const h of y.holidays) for (const lang of ['kk', 'ru', 'en'] as const) expect(h.name[lang]).not.toBe('');
    }
  });
});
