import { formatApplicationNumber } from './application-number';

describe('application numbers', () => {
  it('writes the year, six digits of the sequence and the version', () => {
    expect(formatApplicationNumber(2018, 27, 1)).toBe('УО.2018.000027.1');
    expect(formatApplicationNumber(2026, 999_999, 2)).toBe('УО.2026.999999.2');
  });

  it('refuses a sequence that no longer fits six digits rather than writing a seventh', () => {
    expect(() => formatApplicationNumber(2026, 1_000_000, 1)).toThrow(RangeError);
    expect(() => formatApplicationNumber(2026, 0, 1)).toThrow(RangeError);
  });
});
