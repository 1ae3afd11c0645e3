/**
 * ISO-8601 durations in weeks, days, hours, minutes and seconds ("P3D", "PT25H", "P1DT2H30M",
 * "PT0.5S"), or a plain number of seconds ("90"). Years and months are refused: their length
 * depends on the date they start from.
 */
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const SECONDS = /^\d+(?:\.\d{1,3})?$/;

/** The duration in milliseconds, or a reason it is not one. */
export function parseDuration(text: string): { ms: number } | { problem: string } {
  const value = text.trim();
  if (SECONDS.test(value)) return { ms: Math.round(Number(value) * 1000) };
  const m = ISO_DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T'))
    return {
      problem: /^P.*[YM]/.test(value.replace(/T.*$/, ''))
        ? 'years and months are not a fixed length: give days'
        : 'must be an ISO-8601 duration (P3D, PT25H, P1DT2H30M) or a number of seconds',
    };
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((p) => Number(p ?? 0));
  const ms = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return Number.isSafeInteger(Math.round(ms)) ? { ms: Math.round(ms) } : { problem: 'is too long' };
}
