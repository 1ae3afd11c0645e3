import { seededRandom } from '@kezek/seeded-random';
/** The range a child's turn may come in, in weeks from now; null: beyond the history's reach. */
export interface WaitForecast {
  p50Weeks: number | null;
  p90Weeks: number | null;
}

export interface ForecastInput {
  /** Children ahead in the queue: the turn comes when the seats published since now exceed them. */
  ahead: number;
  /**
   * Past cohorts' seats, week by week, from the week they were the age the child is now: one
   * array per cohort (last year's group year first), each as long as the history covers.
   */
  weeklySeatsByCohort: readonly (readonly number[])[];
  /** Weeks per resampled block: a whole year keeps the season (most seats come in August) and the year's supply. */
  blockWeeks?: number;
  simulations?: number;
  seed?: number;
}

/**
 * A seasonal block bootstrap with supply jitter: a simulated future takes, for each year from now,
 * the seats a randomly drawn past cohort got in the same year of its own life (only cohorts whose
 * history reaches that far), scaled by a log-normal factor whose spread is that of those cohorts'
 * yearly totals (a few past years alone would make the range too narrow: a new year is often
 * outside all of them), until the seats exceed the children ahead. The 50% and 90% points of the
 * simulated waits are the range. Seeded, so the same history gives the same forecast.
 */
export function forecastWait(input: ForecastInput): WaitForecast {
  const { ahead, weeklySeatsByCohort: cohorts } = input;
  const blockWeeks = input.blockWeeks ?? 52;
  const simulations = input.simulations ?? 1000;
  const random = seededRandom(input.seed ?? 1);
  const reach = Math.max(0, ...cohorts.map((c) => c.length));
  const blocks: Array<{ covering: (readonly number[])[]; spread: number }> = [];
  for (let start = 0; start < reach; start += blockWeeks) {
    const covering = cohorts.filter((c) => c.length > start);
    const logTotals = covering.map((c) => Math.log(1 + c.slice(start, start + blockWeeks).reduce((n, v) => n + v, 0)));
    blocks.push({ covering, spread: standardDeviation(logTotals) });
  }
  const waits: number[] = [];
  for (let s = 0; s < simulations; s++) {
    let seats = 0;
    let wait = Infinity;
    for (let b = 0; b < blocks.length && wait === Infinity; b++) {
      const { covering, spread } = blocks[b];
      const cohort = covering[Math.floor(random() * covering.length)];
      const factor = Math.exp(spread * normal(random));
      const start = b * blockWeeks;
      for (let w = start; w < Math.min(start + blockWeeks, cohort.length); w++) {
        seats += cohort[w] * factor;
        if (seats > ahead) {
          wait = w + 1;
          break;
        }
      }
    }
    waits.push(wait);
  }
  waits.sort((a, b) => a - b);
  const quantile = (q: number) => {
    const v = waits[Math.max(0, Math.ceil(q * waits.length) - 1)];
    return Number.isFinite(v) ? v : null;
  };
  return { p50Weeks: quantile(0.5), p90Weeks: quantile(0.9) };
}

function standardDeviation(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((n, v) => n + v, 0) / values.length;
  return Math.sqrt(values.reduce((n, v) => n + (v - mean) ** 2, 0) / (values.length - 1));
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
