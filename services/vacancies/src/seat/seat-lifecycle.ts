/**
 * The seat lifecycle, defined once: the `seat.status` CHECK lists these statuses, the
 * `seat_transition` trigger allows exactly these transitions, and test/seat-lifecycle.integration-spec.ts
 * checks both against this file.
 */
export enum SeatStatus {
  FREE = 'FREE',
  HELD = 'HELD',
  CLAIMED = 'CLAIMED',
  ENROLLED = 'ENROLLED',
}

/** Where a seat is: its status, with a claim pending (`pending_until` set) until its caller commits it. */
export enum SeatState {
  Free = 'FREE',
  /** Held for an offer round until `held_until`. */
  Held = 'HELD',
  /** CLAIMED with `pending_until`: past it the reconciler frees the seat. */
  PendingClaim = 'PENDING_CLAIM',
  /** CLAIMED without `pending_until`: committed (claims older than two-phase claims count as committed). */
  CommittedClaim = 'COMMITTED_CLAIM',
  /** Final. */
  Enrolled = 'ENROLLED',
}

export const STATUS_OF: Readonly<Record<SeatState, SeatStatus>> = {
  [SeatState.Free]: SeatStatus.FREE,
  [SeatState.Held]: SeatStatus.HELD,
  [SeatState.PendingClaim]: SeatStatus.CLAIMED,
  [SeatState.CommittedClaim]: SeatStatus.CLAIMED,
  [SeatState.Enrolled]: SeatStatus.ENROLLED,
};

/**
 * published → held → claimed (pending → committed) → enrolled, or back to free. The commit is
 * the only change that keeps the status; a pending claim is enrolled only once committed.
 */
const TRANSITIONS: Readonly<Record<SeatState, readonly SeatState[]>> = {
  [SeatState.Free]: [SeatState.Held, SeatState.PendingClaim, SeatState.CommittedClaim],
  [SeatState.Held]: [SeatState.Free, SeatState.PendingClaim, SeatState.CommittedClaim],
  [SeatState.PendingClaim]: [SeatState.Free, SeatState.CommittedClaim],
  [SeatState.CommittedClaim]: [SeatState.Free, SeatState.Enrolled],
  [SeatState.Enrolled]: [],
};

export function seatState(seat: { status: SeatStatus; pendingUntil: Date | null }): SeatState {
  switch (seat.status) {
    case SeatStatus.FREE:
      return SeatState.Free;
    case SeatStatus.HELD:
      return SeatState.Held;
    case SeatStatus.CLAIMED:
      return seat.pendingUntil ? SeatState.PendingClaim : SeatState.CommittedClaim;
    case SeatStatus.ENROLLED:
      return SeatState.Enrolled;
  }
}

export function canMove(from: SeatState, to: SeatState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Whether some seat of status `from` may change to status `to` (a commit changes no status). */
export function canTransition(from: SeatStatus, to: SeatStatus): boolean {
  return (
    from !== to &&
    (Object.keys(TRANSITIONS) as SeatState[]).some(
      (s) => STATUS_OF[s] === from && TRANSITIONS[s].some((t) => STATUS_OF[t] === to),
    )
  );
}

/** Why seats became free again: the `reason` of SeatsReleased. */
export enum ReleaseReason {
  /** The caller released its referral's claim. */
  Referral = 'REFERRAL',
  /** The caller released its offer round's holds. */
  OfferRound = 'OFFER_ROUND',
  /** A hold passed `held_until`: the reconciler freed it. */
  HoldExpired = 'HOLD_EXPIRED',
  /** A pending claim passed `pending_until` uncommitted: the reconciler freed it. */
  ClaimExpired = 'CLAIM_EXPIRED',
}

/** The reasons a referral loses its seat for good (`released_referral.reason`, whose CHECK lists exactly these). */
export const REFERRAL_RELEASE_REASONS = [ReleaseReason.Referral, ReleaseReason.ClaimExpired] as const;
export type ReferralReleaseReason = (typeof REFERRAL_RELEASE_REASONS)[number];
