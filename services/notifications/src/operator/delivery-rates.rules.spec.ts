import { reachedRate } from './delivery-rates.rules';

describe('delivery rate', () => {
  it('is the reached share of settled notices, queued ones left out', () => {
    expect(reachedRate({ queued: 5, sent: 2, delivered: 1, failed: 1 })).toBe(0.75);
    expect(reachedRate({ queued: 0, sent: 0, delivered: 2, failed: 1 })).toBe(0.667);
    expect(reachedRate({ queued: 0, sent: 0, delivered: 0, failed: 4 })).toBe(0);
  });

  it('has no rate while nothing is settled', () => {
    expect(reachedRate({ queued: 3, sent: 0, delivered: 0, failed: 0 })).toBeNull();
  });
});
