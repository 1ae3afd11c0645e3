import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['P3D', 3 * 86_400_000],
    ['PT25H', 25 * 3_600_000],
    ['P1DT2H30M', 86_400_000 + 2.5 * 3_600_000],
    ['P2W', 14 * 86_400_000],
    ['PT0.5S', 500],
    ['PT0S', 0],
    ['90', 90_000],
    [' 1.25 ', 1250],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each([['P'], ['PT'], ['P1DT'], ['-P1D'], ['-5'], ['3 days'], ['P1.5D'], ['1e3'], [''], ['PT1S2M']])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toEqual({ problem: expect.stringMatching(/ISO-8601/) });
    },
  );

  it('refuses years and months, whose length depends on the start', () => {
    expect(parseDuration('P1M')).toEqual({ problem: expect.stringMatching(/years and months/) });
    expect(parseDuration('P1Y2D')).toEqual({ problem: expect.stringMatching(/years and months/) });
    expect(parseDuration('PT1M')).toEqual({ ms: 60_000 });
  });

  it('refuses what no clock could reach', () => {
    expect(parseDuration(`P${'9'.repeat(20)}D`)).toEqual({ problem: 'is too long' });
  });
});
