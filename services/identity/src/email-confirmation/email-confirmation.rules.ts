import { randomInt, timingSafeEqual } from 'node:crypto';

/** How long a code may be used, and how many wrong tries it takes before it is spent. */
export const CODE_VALID_HOURS = 24;
export const CODE_MAX_ATTEMPTS = 5;

/** The event whose e-mail carries the code (identity's outbox → the notifications inbox). */
export const EMAIL_CONFIRMATION_REQUESTED = 'EmailConfirmationRequested';

/** Six digits from the CSPRNG, leading zeros kept: what a person types from the e-mail. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export interface PendingCode {
  email: string;
  code: string;
  expiresAt: Date;
  attempts: number;
  confirmedAt: Date | null;
}

/** Whether giving `email` (normalised) at `now` needs a new code: a new address, or none usable for it. */
export function needsNewCode(
  given: string,
  current: { email: string | null; emailConfirmedAt: Date | null },
  latest: PendingCode | null,
  now: Date,
): boolean {
  if (given === current.email && current.emailConfirmedAt) return false;
  return !latest || latest.email !== given || !usable(latest, now);
}

/** A code still open to tries: not confirmed, not expired, not spent by wrong tries. */
export const usable = (c: PendingCode, now: Date): boolean =>
  !c.confirmedAt && now < c.expiresAt && c.attempts < CODE_MAX_ATTEMPTS;

/**
 * What a try of `typed` against the person's latest code does: confirm it (the e-mail it was
 * sent to is still theirs), or count a wrong try. Compared in constant time.
 */
export function tryCode(
  latest: PendingCode | null,
  typed: string,
  currentEmail: string | null,
  now: Date,
): 'CONFIRMED' | 'ALREADY_CONFIRMED' | 'WRONG' | 'UNUSABLE' {
  if (!latest || latest.email !== currentEmail) return 'UNUSABLE';
  const same = /^[0-9]{6}$/.test(typed) && timingSafeEqual(Buffer.from(typed), Buffer.from(latest.code));
  if (latest.confirmedAt) return same ? 'ALREADY_CONFIRMED' : 'UNUSABLE';
  if (!usable(latest, now)) return 'UNUSABLE';
  return same ? 'CONFIRMED' : 'WRONG';
}
