import { seededRandom } from './index';

describe('the seeded PRNG', () => {
  it('repeats its sequence for a seed, differs between seeds, and stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    const all = take(2026);
    expect(all.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(all.reduce((s, x) => s + x, 0) / all.length).toBeCloseTo(0.5, 1);
  });
});
