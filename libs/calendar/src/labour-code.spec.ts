import { HOLIDAY_NAMES as N } from './data/holiday-names';
import { CalendarDataError } from './errors';
import { movedHolidayDaysOff } from './labour-code';
import { holiday, PART_OF_2023, year } from './testing/fixtures';

const movedDates = (data: Parameters<typeof movedHolidayDaysOff>[0]) =>
  movedHolidayDaysOff(data).map((m) => `${m.holiday.date}→${m.date}`);

describe('a holiday on a Saturday or Sunday moves the day off to the next working day', () => {
  it('moves a Sunday holiday to Monday (8 March 2026)', () => {
    expect(movedDates(year(2026, { holidays: [holiday('2026-03-08', N.womensDay)] }))).toEqual([
      '2026-03-08→2026-03-09',
    ]);
  });

  it('moves a Saturday holiday to Monday (Victory Day 2026)', () => {
    expect(movedDates(year(2026, { holidays: [holiday('2026-05-09', N.victoryDay)] }))).toEqual([
      '2026-05-09→2026-05-11',
    ]);
  });

  it('moves Nauryz 2026 (Sat, Sun, Mon) to Tuesday and Wednesday, as the egov.kz calendar has it', () => {
    const nauryz = ['2026-03-21', '2026-03-22', '2026-03-23'].map((d) => holiday(d, N.nauryz));
    expect(movedDates(year(2026, { holidays: nauryz }))).toEqual(['2026-03-21→2026-03-24', '2026-03-22→2026-03-25']);
  });

  it('moves Nauryz 2027 (Sun, Mon, Tue) to Wednesday', () => {
    const nauryz = ['2027-03-21', '2027-03-22', '2027-03-23'].map((d) => holiday(d, N.nauryz));
    expect(movedDates(year(2027, { holidays: nauryz }))).toEqual(['2027-03-21→2027-03-24']);
  });

  it('agrees with published years: Nauryz 2019 (Sat 23 → Mon 25), New Year 2016 (Sat 2 → Mon 4)', () => {
    const nauryz2019 = ['2019-03-21', '2019-03-22', '2019-03-23'].map((d) => holiday(d, N.nauryz));
    expect(movedDates(year(2019, { holidays: nauryz2019 }))).toEqual(['2019-03-23→2019-03-25']);
    expect(
      movedDates(year(2016, { holidays: [holiday('2016-01-01', N.newYear), holiday('2016-01-02', N.newYear)] })),
    ).toEqual(['2016-01-02→2016-01-04']);
  });

  it('never moves a religious holiday: Christmas on Saturday 7 Jan 2023, Kurban Ait on Sunday 16 May 2027', () => {
    // New Year 2023: Sun 1 → Tue 3 (Mon 2 is itself a holiday); Christmas stays on Saturday
    expect(movedDates(PART_OF_2023)).toEqual(['2023-01-01→2023-01-03']);
    expect(movedDates(year(2027, { holidays: [holiday('2027-05-16', N.kurbanAit, 'religious')] }))).toEqual([]);
  });

  it('skips decree days off and religious days off when looking for the next working day', () => {
    const data = year(2026, {
      holidays: [holiday('2026-05-09', N.victoryDay), holiday('2026-05-12', N.kurbanAit, 'religious')],
      transferredDaysOff: [{ date: '2026-05-11', decree: 'test decree', confirmed: true }],
    });
    expect(movedDates(data)).toEqual(['2026-05-09→2026-05-13']);
  });

  it('takes a Saturday made working by decree as the next working day', () => {
    const data = year(2026, {
      holidays: [holiday('2026-05-09', N.victoryDay)],
      transferredWorkingDays: [{ date: '2026-05-10', decree: 'test decree', confirmed: true }],
    });
    expect(movedDates(data)).toEqual(['2026-05-09→2026-05-10']);
  });

  it('gives one day off for two holidays on one weekend day', () => {
    const data = year(2026, { holidays: [holiday('2026-05-09', N.victoryDay), holiday('2026-05-09', N.defenderDay)] });
    expect(movedDates(data)).toEqual(['2026-05-09→2026-05-11']);
  });

  it('refuses a move that would leave the year (the operator records a decree day instead)', () => {
    expect(() => movedHolidayDaysOff(year(2022, { holidays: [holiday('2022-12-31', N.newYear)] }))).toThrow(
      CalendarDataError,
    );
  });
});
