import { inFlightLimit } from './in-flight-limit';

describe('inFlightLimit', () => {
  it('runs at most the limit at once, the others in order, and passes results and errors through', async () => {
    let now = 0;
    let most = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const limited = inFlightLimit(2, async (i: number) => {
      started.push(i);
      most = Math.max(most, ++now);
      await new Promise<void>((r) => release.push(r));
      now--;
      if (i === 3) throw new Error('three');
      return i * 10;
    });
    const calls = [1, 2, 3, 4].map((i) => limited(i).catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    while (release.length || started.length < 4) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    release.forEach((r) => r());
    expect(await Promise.all(calls)).toEqual([10, 20, 'three', 40]);
    expect(started).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
