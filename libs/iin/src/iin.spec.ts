import { birthDateFromIin, iinCheckDigit, isValidBin, isValidIin, makeIin } from './index';

describe('IIN', () => {
  it('computes the check digit with the first weights', () => {
    // 1*9+2*0+3*0+4*1+5*0+6*1+7*3+8*0+9*0+10*0+11*1 = 9+4+6+21+11 = 51; 51 mod 11 = 7
    expect(iinCheckDigit('90010130001')).toBe(7);
    expect(isValidIin('900101300017')).toBe(true);
    expect(isValidIin('900101300018')).toBe(false);
  });

  it('falls back to the second weights when the first pass gives 10', () => {
    // first pass: 10*1 = 10 → second pass: 1*1 = 1
    expect(iinCheckDigit('00000000010')).toBe(1);
  });

  it('refuses the public NCA test IINs, which fail the checksum', () => {
    expect(isValidIin('123456789011')).toBe(false);
  });

  it('refuses non-dates and wrong lengths', () => {
    expect(isValidIin('901301300017')).toBe(false);
    expect(isValidIin('90010130001')).toBe(false);
    expect(birthDateFromIin('200229500000')).toBe('2020-02-29');
    expect(birthDateFromIin('210229500000')).toBeNull();
  });

  it('makes valid IINs that carry the birth date', () => {
    const iin = makeIin('2022-03-15', 'F', 123);
    expect(isValidIin(iin)).toBe(true);
    expect(birthDateFromIin(iin)).toBe('2022-03-15');
    expect(iin[6]).toBe('6');
  });
});

describe('BIN', () => {
  it('checks the IIN check digit without a birth date', () => {
    const first11 = '12034000056';
    const check = iinCheckDigit(first11)!;
    expect(isValidBin(`${first11}${check}`)).toBe(true);
    expect(isValidBin(`${first11}${(check + 1) % 10}`)).toBe(false);
    expect(isValidBin('12034000056')).toBe(false);
  });
});
