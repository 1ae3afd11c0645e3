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
 * Until when seats published at `publishedAt` await their offer round (R10) before they are free
 * choice anyway (R11); a grace of 0 makes them free choice at once (null: they await nothing).
 */
export function awaitingRoundUntil(publishedAt: Date, graceSeconds: number): Date | null {
  return graceSeconds > 0 ? expiresAfter(publishedAt, graceSeconds) : null;
}
