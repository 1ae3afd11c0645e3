import { seatFill } from './seat-fill.rules';

describe('seat fill', () => {
  it('counts what the capacity has beyond free, held and claimed seats as occupied', () => {
    expect(seatFill({ capacity: 25, free: 3, held: 2, claimed: 1, enrolled: 4 })).toEqual({
      occupied: 19,
      fillRatio: 0.8,
    });
  });

  it('counts a referral’s claimed seat as filled, a held one as not yet', () => {
    const held = seatFill({ capacity: 3, free: 0, held: 1, claimed: 0, enrolled: 0 });
    const claimed = seatFill({ capacity: 3, free: 0, held: 0, claimed: 1, enrolled: 0 });
    expect(held.fillRatio).toBe(0.667);
    expect(claimed.fillRatio).toBe(1);
    expect(seatFill({ capacity: 3, free: 3, held: 0, claimed: 0, enrolled: 0 })).toEqual({ occupied: 0, fillRatio: 0 });
  });

  it('has no ratio for a group year without capacity', () => {
    expect(seatFill({ capacity: 0, free: 0, held: 0, claimed: 0, enrolled: 0 })).toEqual({
      occupied: 0,
      fillRatio: null,
    });
  });
});
