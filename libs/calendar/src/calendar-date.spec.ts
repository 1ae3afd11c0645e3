import { fullYearsOn } from './calendar-date';

describe('fullYearsOn', () => {
  it('counts a year on the birthday itself, not the day before', () => {
    expect(fullYearsOn('2020-06-15', '2026-06-14')).toBe(5);
    expect(fullYearsOn('2020-06-15', '2026-06-15')).toBe(6);
    expect(fullYearsOn('2020-06-15', '2020-06-15')).toBe(0);
  });

  it('reaches a 29 February birthday on 1 March in a common year', () => {
    expect(fullYearsOn('2020-02-29', '2022-02-28')).toBe(1);
    expect(fullYearsOn('2020-02-29', '2022-03-01')).toBe(2);
    expect(fullYearsOn('2020-02-29', '2024-02-29')).toBe(4);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => fullYearsOn('2020-02-30', '2022-01-01')).toThrow(RangeError);
  });
});
