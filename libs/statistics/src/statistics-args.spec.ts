import { periodArgs, regionStatisticsArgs } from './statistics-args';

describe('statistics arguments', () => {
  it('takes a region and an optional group year', () => {
    expect(regionStatisticsArgs.parse({ regionId: ' astana ' })).toEqual({ regionId: 'astana' });
    expect(regionStatisticsArgs.safeParse({ regionId: 'astana', groupYear: 1800 }).success).toBe(false);
    expect(regionStatisticsArgs.safeParse({ regionId: '' }).success).toBe(false);
  });

  it('takes a period of instants with offset, from before to', () => {
    expect(periodArgs.parse({ from: '2027-03-01T00:00:00+05:00', to: '2027-04-01T00:00:00Z' })).toEqual({
      from: new Date('2027-02-28T19:00:00Z'),
      to: new Date('2027-04-01T00:00:00Z'),
    });
    expect(periodArgs.safeParse({ from: '2027-03-01T00:00:00Z', to: '2027-03-01T00:00:00Z' }).success).toBe(false);
    expect(periodArgs.safeParse({ from: '2027-03-01', to: '2027-04-01T00:00:00Z' }).success).toBe(false);
  });
});
