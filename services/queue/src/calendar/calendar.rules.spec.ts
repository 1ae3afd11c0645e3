import { KAZAKHSTAN_2026, KAZAKHSTAN_2027, validateCalendarYear, WorkingCalendar } from '@kezek/calendar';
import { DomainError } from '@kezek/errors';
import { applyCalendarChange, calendarYearNotLoaded, checkedNewYear, entriesOn } from './calendar.rules';

const year2026 = validateCalendarYear(KAZAKHSTAN_2026);
const name = { kk: 'Сынақ күні', ru: 'Тестовый день', en: 'Test Day' };
const holiday = (date: string, extra: object = {}) => ({
  date,
  name,
  kind: 'state' as const,
  confirmed: true,
  ...extra,
});
const decree = (date: string) => ({ date, decree: 'Government decree No. 1 of 2026-01-10', confirmed: true });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? { code: e.code, details: e.details } : e;
  }
  return null;
};

describe('an operator changing a loaded year (R2)', () => {
  it('sets a holiday on a Wednesday: recorded before (nothing) and after, the whole year kept', () => {
    const applied = applyCalendarChange(year2026, { action: 'SET_HOLIDAY', holiday: holiday('2026-04-15') })!;
    expect(applied.date).toBe('2026-04-15');
    expect(applied.before).toBeNull();
    expect(applied.after).toEqual({
      holidays: [holiday('2026-04-15')],
      transferredDaysOff: [],
      transferredWorkingDays: [],
    });
    expect(applied.year.holidays).toHaveLength(year2026.holidays.length + 1);
    expect(applied.year.holidays.map((h) => h.date)).toEqual([...applied.year.holidays.map((h) => h.date)].sort());
    expect(new WorkingCalendar([applied.year]).isWorkingDay('2026-04-15')).toBe(false);
  });

  it('changes nothing when the same holiday is set again, whatever the order of its keys', () => {
    const once = applyCalendarChange(year2026, { action: 'SET_HOLIDAY', holiday: holiday('2026-04-15') })!.year;
    const reordered = {
      confirmed: true,
      kind: 'state' as const,
      name: { en: 'Test Day', ru: 'Тестовый день', kk: 'Сынақ күні' },
      date: '2026-04-15',
    };
    expect(applyCalendarChange(once, { action: 'SET_HOLIDAY', holiday: reordered })).toBeNull();
    expect(
      applyCalendarChange(validateCalendarYear(JSON.parse(JSON.stringify(once))), {
        action: 'SET_HOLIDAY',
        holiday: holiday('2026-04-15'),
      }),
    ).toBeNull();
  });

  it('replaces the holiday a date had: confirming Kurban Ait keeps the change in before and after', () => {
    const kurban = year2026.holidays.find((h) => h.date === '2026-05-27')!;
    const confirmed = { date: kurban.date, name: kurban.name, kind: kurban.kind, confirmed: true };
    const applied = applyCalendarChange(year2026, { action: 'SET_HOLIDAY', holiday: confirmed })!;
    expect(applied.before!.holidays).toEqual([kurban]);
    expect(applied.after!.holidays).toEqual([confirmed]);
    expect(entriesOn(applied.year, '2026-05-27')!.holidays).toEqual([confirmed]);
  });

  it('records a decree: a Saturday made working, a weekday made a day off', () => {
    const working = applyCalendarChange(year2026, {
      action: 'SET_TRANSFER_DAY',
      kind: 'WORKING_DAY',
      transfer: decree('2026-06-06'),
    })!;
    expect(new WorkingCalendar([working.year]).describeDay('2026-06-06')).toMatchObject({
      working: true,
      kind: 'TRANSFERRED_WORKING_DAY',
    });
    const dayOff = applyCalendarChange(working.year, {
      action: 'SET_TRANSFER_DAY',
      kind: 'DAY_OFF',
      transfer: decree('2026-06-05'),
    })!;
    expect(dayOff.after).toEqual({
      holidays: [],
      transferredDaysOff: [decree('2026-06-05')],
      transferredWorkingDays: [],
    });
    expect(
      applyCalendarChange(dayOff.year, { action: 'SET_TRANSFER_DAY', kind: 'DAY_OFF', transfer: decree('2026-06-05') }),
    ).toBeNull();
  });

  it('refuses what the whole year cannot hold, as VALIDATION_FAILED naming the date', () => {
    // A working decree day on a Tuesday is already a working day.
    expect(
      refusal(() =>
        applyCalendarChange(year2026, {
          action: 'SET_TRANSFER_DAY',
          kind: 'WORKING_DAY',
          transfer: decree('2026-06-09'),
        }),
      ),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'date', problem: expect.stringMatching(/not a Saturday or Sunday/) }] },
    });
    // A day-off decree day on a holiday; a holiday on a decree day (the decree is not dropped silently).
    expect(
      refusal(() =>
        applyCalendarChange(year2026, { action: 'SET_TRANSFER_DAY', kind: 'DAY_OFF', transfer: decree('2026-05-27') }),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    const withDecree = applyCalendarChange(year2026, {
      action: 'SET_TRANSFER_DAY',
      kind: 'DAY_OFF',
      transfer: decree('2026-06-05'),
    })!.year;
    expect(
      refusal(() => applyCalendarChange(withDecree, { action: 'SET_HOLIDAY', holiday: holiday('2026-06-05') })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('removes what a date had, and refuses a date with nothing to remove (a moved day off follows its holiday)', () => {
    const applied = applyCalendarChange(year2026, { action: 'REMOVE_DAY', date: '2026-05-27' })!;
    expect(applied.before!.holidays).toHaveLength(1);
    expect(applied.after).toBeNull();
    expect(entriesOn(applied.year, '2026-05-27')).toBeNull();
    expect(
      refusal(() => applyCalendarChange(applied.year, { action: 'REMOVE_DAY', date: '2026-05-27' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(refusal(() => applyCalendarChange(year2026, { action: 'REMOVE_DAY', date: '2026-03-09' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a change outside the year it is applied to (a caller locked the wrong row)', () => {
    expect(() => applyCalendarChange(year2026, { action: 'REMOVE_DAY', date: '2027-01-01' })).toThrow(RangeError);
  });
});

describe('loading a whole year (R2)', () => {
  const year2028 = { ...JSON.parse(JSON.stringify(KAZAKHSTAN_2027)), year: 2028, holidays: [], sources: ['decree'] };

  it('takes a new year once it passes the checks, and the same data again as a repeat', () => {
    const loaded = checkedNewYear(null, year2028)!;
    expect(loaded.year).toBe(2028);
    expect(checkedNewYear(loaded, JSON.parse(JSON.stringify(year2028)))).toBeNull();
  });

  it('refuses other data for a loaded year, and data that is not a year', () => {
    const loaded = checkedNewYear(null, year2028)!;
    expect(refusal(() => checkedNewYear(loaded, { ...year2028, notes: ['changed'] }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(refusal(() => checkedNewYear(null, { ...year2028, holidays: [holiday('2027-04-15')] }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'data', problem: expect.stringMatching(/2027-04-15 is not in 2028/) }] },
    });
    expect(refusal(() => checkedNewYear(null, 'not a year'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    // A holiday on Sunday 31 December would move its day off into the next year: a decree day instead.
    expect(refusal(() => checkedNewYear(null, { ...year2028, holidays: [holiday('2028-12-31')] }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'data', problem: expect.stringMatching(/would fall in 2029/) }] },
    });
  });
});

describe('a year nobody has loaded', () => {
  it('is CALENDAR_YEAR_NOT_LOADED naming the year in every language', () => {
    const error = calendarYearNotLoaded(2028, [2026, 2027]);
    expect(error.code).toBe('CALENDAR_YEAR_NOT_LOADED');
    expect(error.details).toEqual({ year: 2028, loadedYears: [2026, 2027] });
    for (const text of Object.values(error.messages)) expect(text).toContain('2028');
  });
});
