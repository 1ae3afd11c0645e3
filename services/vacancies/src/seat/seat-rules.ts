import { DomainError } from '@kezek/errors';

/**
 * Publishing adds seats while every seat ever published and not withdrawn — enrolled children
 * included — fits in the capacity: an operator publishes what is physically free.
 */
export function assertCanPublish(capacity: number, seatsInGroup: number, count: number): void {
  const room = capacity - seatsInGroup;
  if (count > room) {
    throw new DomainError('VALIDATION_FAILED', `only ${Math.max(room, 0)} more seats fit in the group`, {
      fields: [{ field: 'count', problem: `at most ${Math.max(room, 0)}` }],
      capacity,
      seatsInGroup,
      room: Math.max(room, 0),
    });
  }
}

/** A hold or a pending claim lasts `ttlSeconds` from now; the reconciler frees it after that. */
export function expiresAfter(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}

/**
 * How long a claim stays pending (CLAIMED with `pending_until`) before the reconciler frees it,
 * unless the caller commits it: long enough for the queue to commit its referral, short
 * enough that a crashed caller does not keep a seat from the next child for long.
 */
export const CLAIM_PENDING_TTL_SECONDS = { default: 15 * 60, min: 10, max: 24 * 3600 } as const;
