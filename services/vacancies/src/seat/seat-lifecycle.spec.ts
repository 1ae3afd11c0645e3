import { canMove, canTransition, SeatState, seatState, SeatStatus } from './seat-lifecycle';

describe('seat lifecycle', () => {
  it('follows published → held → claimed → enrolled, with release back to free', () => {
    expect(canTransition(SeatStatus.FREE, SeatStatus.HELD)).toBe(true);
    expect(canTransition(SeatStatus.HELD, SeatStatus.CLAIMED)).toBe(true);
    expect(canTransition(SeatStatus.CLAIMED, SeatStatus.ENROLLED)).toBe(true);
    expect(canTransition(SeatStatus.CLAIMED, SeatStatus.FREE)).toBe(true);
    expect(canTransition(SeatStatus.FREE, SeatStatus.ENROLLED)).toBe(false);
    expect(canTransition(SeatStatus.ENROLLED, SeatStatus.FREE)).toBe(false);
    expect(canTransition(SeatStatus.CLAIMED, SeatStatus.CLAIMED)).toBe(false);
  });

  it('splits a claim into pending and committed: only the commit keeps the status, only a committed claim is enrolled', () => {
    const pending = new Date('2026-01-05T04:15:00Z');
    expect(seatState({ status: SeatStatus.CLAIMED, pendingUntil: pending })).toBe(SeatState.PendingClaim);
    expect(seatState({ status: SeatStatus.CLAIMED, pendingUntil: null })).toBe(SeatState.CommittedClaim);
    expect(seatState({ status: SeatStatus.HELD, pendingUntil: null })).toBe(SeatState.Held);
    expect(canMove(SeatState.PendingClaim, SeatState.CommittedClaim)).toBe(true);
    expect(canMove(SeatState.CommittedClaim, SeatState.PendingClaim)).toBe(false);
    expect(canMove(SeatState.PendingClaim, SeatState.Enrolled)).toBe(false);
    expect(canMove(SeatState.CommittedClaim, SeatState.Enrolled)).toBe(true);
    expect(canMove(SeatState.PendingClaim, SeatState.Free)).toBe(true);
    for (const s of Object.values(SeatState)) expect(canMove(s, s)).toBe(false);
  });
});
