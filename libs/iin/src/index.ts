/**
 * Kazakhstan IIN (ЖСН/ИИН): YYMMDD, a century-and-sex digit, four serial digits, a check digit.
 * The check digit is the weighted sum mod 11 with weights 1..11; if that gives 10, a second
 * pass with weights 3..11,1,2; if that also gives 10 the number is never issued.
 */
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export function iinCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) return null;
  const digits = [...first11].map(Number);
  const sum = (w: number[]) => digits.reduce((acc, d, i) => acc + d * w[i], 0) % 11;
  const first = sum(W1);
  if (first !== 10) return first;
  const second = sum(W2);
  return second === 10 ? null : second;
}

/** Twelve digits: the shape of an IIN and of a BIN (БСН/БИН), before any checksum. */
export const TWELVE_DIGITS = /^\d{12}$/;

export function isValidIin(iin: string): boolean {
  if (!TWELVE_DIGITS.test(iin)) return false;
  const check = iinCheckDigit(iin.slice(0, 11));
  return check !== null && check === Number(iin[11]) && birthDateFromIin(iin) !== null;
}

/** A BIN (organisation number) carries the IIN's check digit but no birth date. */
export function isValidBin(bin: string): boolean {
  return TWELVE_DIGITS.test(bin) && iinCheckDigit(bin.slice(0, 11)) === Number(bin[11]);
}

/** Birth date encoded in an IIN (YYYY-MM-DD), or null when the digits are not a date. */
export function birthDateFromIin(iin: string): string | null {
  const centuryDigit = Number(iin[6]);
  const century = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 }[centuryDigit];
  if (!century) return null;
  const yyyy = century + Number(iin.slice(0, 2));
  const mm = Number(iin.slice(2, 4));
  const dd = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(yyyy, mm - 1, dd));
  if (date.getUTCFullYear() !== yyyy || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
  return date.toISOString().slice(0, 10);
}

/** Builds a valid IIN for a birth date, sex and serial (demo data and tests only). */
export function makeIin(birthDate: string, sex: 'M' | 'F', serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const year = Number(y);
  const centuryDigit = (year >= 2000 ? 5 : year >= 1900 ? 3 : 1) + (sex === 'F' ? 1 : 0);
  for (let s = serial; s < serial + 100; s++) {
    const first11 = `${y.slice(2)}${m}${d}${centuryDigit}${String(s % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
  throw new Error('no valid IIN near that serial');
}
