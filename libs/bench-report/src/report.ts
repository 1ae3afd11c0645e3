import { appendFileSync } from 'node:fs';

/**
 * One measured figure as a benchmark reports it to `npm run bench`: the value, what it was held
 * against in the same run, and the goal it must meet (an issue's limit), if any.
 */
export interface BenchFigure {
  /** The benchmark, e.g. `graph`. */
  bench: string;
  /** What was measured, in a few words. */
  figure: string;
  value: number;
  unit: string;
  /** Whether more is better (a rate, a ratio) or less (a time). */
  better: 'higher' | 'lower';
  /** The limit the value must reach (≥ when higher is better, ≤ when lower). */
  goal?: number;
  /** The figure it is compared with, measured in the same run. */
  against?: { figure: string; value: number; unit: string };
  /** Anything a reader needs to read the figure right (load, sizes). */
  note?: string;
}

/** Whether a figure meets its goal; `undefined` when it has none. */
export function goalMet(f: BenchFigure): boolean | undefined {
  if (f.goal === undefined) return undefined;
  return f.better === 'higher' ? f.value >= f.goal : f.value <= f.goal;
}

/**
 * Hands a figure to `npm run bench` (a JSON line in BENCH_REPORT) and prints it; a bench run on
 * its own just prints.
 */
export function reportFigure(f: BenchFigure): void {
  const met = goalMet(f);
  const goal =
    f.goal === undefined
      ? ''
      : ` (goal ${f.better === 'higher' ? '≥' : '≤'} ${f.goal} ${f.unit}: ${met ? 'met' : 'MISSED'})`;
  const against = f.against ? ` vs ${f.against.figure} ${f.against.value} ${f.against.unit}` : '';
  process.stdout.write(`» ${f.figure}: ${f.value} ${f.unit}${against}${goal}\n`);
  if (process.env.BENCH_REPORT) appendFileSync(process.env.BENCH_REPORT, `${JSON.stringify(f)}\n`);
}

/** Whether `npm run bench -- --smoke` runs this bench: tiny sizes, figures meaningless, code paths exercised. */
export const benchSmoke = process.env.BENCH_SMOKE === '1';

/** Rounds for a table: three significant digits, no more. */
export const round3 = (n: number) => Number(n.toPrecision(3));
