/** R4/R22: `УО.YYYY.NNNNNN.V` — year of filing, the portal's gap-free sequence of that year, version. */
export function formatApplicationNumber(year: number, sequence: number, version: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999)
    throw new RangeError(`application sequence out of range: ${sequence}`);
  return `УО.${year}.${String(sequence).padStart(6, '0')}.${version}`;
}
