import { DomainError } from '@kezek/errors';
import { SeatStatus } from './seat.entity';

/** The lifecycle (mirrored by the `seat_transition` trigger): enrolled is final. */
const TRANSITIONS: Record<SeatStatus, SeatStatus[]> = {
  [SeatStatus.FREE]: [SeatStatus.HELD, SeatStatus.CLAIMED],
  [SeatStatus.HELD]: [SeatStatus.FREE, SeatStatus.CLAIMED],
  [SeatStatus.CLAIMED]: [SeatStatus.FREE, SeatStatus.ENROLLED],
  [SeatStatus.ENROLLED]: [],
};

export function canTransition(from: SeatStatus, to: SeatStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Publishing adds seats while every seat ever published and not withdrawn — enrolled children
 * included — fits in the capacity: an operator publishes what is physically free.
 */
export function assertCanPublish(capacity: number, seatsInGroup: number, count: number): void {
  const room = capacity - seatsInGroup;
  if (count > room) {
    throw new DomainError('VALIDATION_FAILED', `only ${Math.max(room, 0)} more seats fit in the group`, { fields: [{ field: 'count', problem: `at most ${Math.max(room, 0)}` }], capacity, seatsInGroup, room: Math.max(room, 0) });
  }
}

/** A hold lasts `ttlSeconds` from now; the reconciler frees it after that. */
export function holdExpiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}
