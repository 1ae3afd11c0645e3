import { seededRandom } from '@kezek/seeded-random';
import { forecastWait } from './forecast';

const WEEKS = 52;

/**
 * Demo history: each cohort's seats week by week of its life (week 0 = its age-start week), most
 * published in August (weeks 30–35 of each year), a little all year; every year's supply varies
 * by ±35% and every week's by its own noise.
 */
function demoHistory(cohorts: number, years: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: cohorts }, () => {
    const weeks: number[] = [];
    for (let y = 0; y < years; y++) {
      const supply = 0.65 + 0.7 * random();
      for (let w = 0; w < WEEKS; w++) {
        const base = w >= 30 && w <= 35 ? 40 : 2;
        weeks.push(Math.round(base * supply * (0.5 + random())));
      }
    }
    return weeks;
  });
}

/** Weeks until the seats published from week `start` exceed `ahead`, or null beyond the stream. */
function actualWait(stream: number[], start: number, ahead: number): number | null {
  let seats = 0;
  for (let w = start; w < stream.length; w++) if ((seats += stream[w]) > ahead) return w - start + 1;
  return null;
}

describe('forecastWait', () => {
  it('is a range: 50% no later than 90%, later for more children ahead', () => {
    const history = demoHistory(3, 3, 7);
    const near = forecastWait({ ahead: 10, weeklySeatsByCohort: history });
    const far = forecastWait({ ahead: 400, weeklySeatsByCohort: history });
    expect(near.p50Weeks).not.toBeNull();
    expect(near.p50Weeks!).toBeLessThanOrEqual(near.p90Weeks!);
    expect(far.p50Weeks!).toBeGreaterThan(near.p90Weeks!);
  });

  it('says "beyond" (null) when the history never published that many seats, and is deterministic', () => {
    const history = [[1, 1, 1, 1]];
    expect(forecastWait({ ahead: 100, weeklySeatsByCohort: history })).toEqual({ p50Weeks: null, p90Weeks: null });
    expect(forecastWait({ ahead: 1, weeklySeatsByCohort: history })).toEqual({ p50Weeks: 2, p90Weeks: 2 });
    const h = demoHistory(3, 2, 3);
    expect(forecastWait({ ahead: 120, weeklySeatsByCohort: h })).toEqual(
      forecastWait({ ahead: 120, weeklySeatsByCohort: h }),
    );
  });

  // Back-test: for cohorts 4–11 of the demo history, at every 4th week of the year and a random
  // number of children ahead, forecast from the three cohorts before it as far as they are known
  // at that moment, and compare with the wait the cohort's own seats actually gave.
  it('back-test on demo history: the 90% range covers about 90% of the actual waits', () => {
    const history = demoHistory(12, 4, 2026);
    const random = seededRandom(42);
    let points = 0;
    let within90 = 0;
    let within50 = 0;
    for (let t = 3; t < 12; t++)
      for (let start = 0; start < WEEKS; start += 4) {
        const ahead = Math.floor(random() * 300);
        const actual = actualWait(history[t], start, ahead);
        if (actual === null) continue;
        // Cohort t - y is known up to week start + 52y of its life.
        const past = [1, 2, 3].map((y) => history[t - y].slice(start, start + WEEKS * y));
        const f = forecastWait({ ahead, weeklySeatsByCohort: past, seed: points + 1 });
        points++;
        if (f.p90Weeks === null || actual <= f.p90Weeks) within90++;
        if (f.p50Weeks === null || actual <= f.p50Weeks) within50++;
      }
    const coverage90 = within90 / points;
    const coverage50 = within50 / points;
    process.stdout.write(
      `forecast back-test: ${points} points, 90% range covers ${(100 * coverage90).toFixed(1)}%, 50% covers ${(100 * coverage50).toFixed(1)}%\n`,
    );
    expect(points).toBeGreaterThan(100);
    expect(coverage90).toBeGreaterThanOrEqual(0.85);
    expect(coverage50).toBeGreaterThan(0.35);
    expect(coverage50).toBeLessThan(0.75);
  });
});
