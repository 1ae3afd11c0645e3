import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { pgError, UNIQUE_VIOLATION } from '@kezek/database';
import {
  AwaitingPublication,
  AwaitingRequest,
  CLAIM_PENDING_TTL_SECONDS,
  ClaimRequest,
  CommitRequest,
  EnrolRequest,
  HoldRequest,
  ReleaseRequest,
} from '@kezek/vacancies-api';
import { expiresAfter } from '../seat/seat.rules';
import { canMove, canTransition, ReleaseReason, SeatState, seatState, SeatStatus } from '../seat/seat-lifecycle';
import { Seat } from '../seat/seat.entity';
import { ClaimTerms, SeatRepository } from '../seat/seat.repository';
import { SeatEvent, VACANCIES_SCHEMA } from '../seat/seat-events';

export interface SeatView {
  seatId: string;
  groupId: string;
  status: SeatStatus;
  referralId: string | null;
  offerRoundId: string | null;
  heldUntil: string | null;
  claimedAt: string | null;
  /** A pending claim: freed by the reconciler after this unless committed. Null once committed. */
  pendingUntil: string | null;
  enrolledAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const seatView = (s: Seat): SeatView => ({
  seatId: s.id,
  groupId: s.groupId,
  status: s.status,
  referralId: s.referralId,
  offerRoundId: s.offerRoundId,
  heldUntil: iso(s.heldUntil),
  claimedAt: iso(s.claimedAt),
  pendingUntil: iso(s.pendingUntil),
  enrolledAt: iso(s.enrolledAt),
});

/**
 * The claims API behind `/internal/claims`: holds for an offer round, two-phase claims by
 * referral (claim: pending until `pending_until`; commit), release and enrolment. Each call is
 * one transaction; the repository takes the row locks, and the unique referral and the seat
 * triggers are the last line of defence.
 */
@Injectable()
export class ClaimService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly seats: SeatRepository,
  ) {}

  /**
   * Holds up to `count` free seats of state kindergartens of the area, those awaiting a round
   * first. A replay of the round holds nothing fresh for what it asked before and answers with
   * what the round still holds; a replay asking for more (the queue merged publications that
   * arrived while its first attempt failed) holds the difference. A round never shrinks, nor
   * moves to another area or year. The seats of the round's `publications` are held first, and
   * those it did not hold stop awaiting a round: the round has seen their publications and found
   * nobody more to offer them to (R11), so a replay or a round of `count` 0 (nobody eligible) ends
   * the wait as well. Seats awaiting another publication's round are left to it (R10).
   */
  async hold(input: HoldRequest): Promise<{ offerRoundId: string; heldUntil: string | null; seats: SeatView[] }> {
    const now = this.clock.now();
    const seats = await this.db.transaction(async (tx) => {
      const round = {
        id: input.offerRoundId,
        areaId: input.areaId,
        groupYear: input.groupYear,
        requested: input.count,
        heldAt: now,
      };
      const publications = (input.publications ?? []).map((p) => ({
        groupId: p.groupId,
        publishedAt: new Date(p.publishedAt),
      }));
      const holdFree = async (count: number) => {
        const held = count
          ? await this.seats.holdFreeSeats(tx, {
              offerRoundId: input.offerRoundId,
              areaId: input.areaId,
              groupYear: input.groupYear,
              count,
              heldUntil: expiresAfter(now, input.ttlSeconds),
              publications,
              now,
            })
          : [];
        // After the hold, so that the seats awaiting this round are held rather than released.
        if (publications.length) {
          await this.seats.endAwaiting(tx, { areaId: input.areaId, groupYear: input.groupYear, publications });
        }
        return held;
      };
      if (await this.seats.createOfferRound(tx, round)) return holdFree(input.count);
      const first = (await this.seats.lockOfferRound(tx, input.offerRoundId))!;
      // A round of nobody (count 0) may replay any round: it holds nothing more (the queue releases what it holds).
      const shrinks = round.requested > 0 && first.requested > round.requested;
      if (first.areaId !== round.areaId || first.groupYear !== round.groupYear || shrinks) {
        throw new DomainError('VALIDATION_FAILED', `offer round ${input.offerRoundId} was held with other parameters`, {
          fields: [{ field: 'offerRoundId', problem: 'already used' }],
        });
      }
      if (round.requested > first.requested) await this.seats.setRequested(tx, round.id, round.requested);
      await holdFree(Math.max(round.requested - first.requested, 0));
      return this.seats.findHeldForRound(tx, input.offerRoundId);
    });
    return {
      offerRoundId: input.offerRoundId,
      heldUntil: iso(seats[0]?.heldUntil ?? null),
      seats: seats.map(seatView),
    };
  }

  /** Publications whose seats still await their round though published before `publishedBefore` (ClaimsApi.awaiting). */
  async awaiting(input: AwaitingRequest): Promise<{ publications: AwaitingPublication[] }> {
    const found = await this.seats.awaitingPublications(this.db.manager, {
      before: new Date(input.publishedBefore),
      now: this.clock.now(),
      limit: input.limit,
    });
    return { publications: found.map((p) => ({ ...p, publishedAt: p.publishedAt.toISOString() })) };
  }

  /**
   * Claims one seat of the group for a referral: a seat held for the referral's offer round
   * first, else a free one. The claim is pending for `ttlSeconds` (default 15 minutes): the
   * caller commits it once its referral is committed, or the reconciler frees the seat.
   * Idempotent by referral id: a replay returns the same seat as it is (its expiry unchanged).
   */
  async claim(input: ClaimRequest): Promise<{ seat: SeatView; replayed: boolean }> {
    const now = this.clock.now();
    const terms: ClaimTerms = {
      referralId: input.referralId,
      claimedAt: now,
      pendingUntil: expiresAfter(now, input.ttlSeconds ?? CLAIM_PENDING_TTL_SECONDS.default),
    };
    try {
      // The common claim is one statement; when it claims nothing, the careful path says why.
      const seat = await this.seats.claimUnlessKnown(this.db.manager, input.groupId, input.offerRoundId ?? null, terms);
      if (seat) return { seat: seatView(seat), replayed: false };
      return await this.db.transaction((tx) => this.claimIn(tx, input, terms));
    } catch (e) {
      // A concurrent request with the same referral id won the unique index: return its seat.
      const { code, constraint } = pgError(e);
      if (code === UNIQUE_VIOLATION && constraint === 'seat_referral_uq') {
        return this.db.transaction((tx) => this.claimIn(tx, input, terms));
      }
      throw e;
    }
  }

  /** The careful claim: a replay, a released referral, an unknown group told apart, and locked seats waited for. */
  private async claimIn(
    tx: EntityManager,
    input: ClaimRequest,
    terms: ClaimTerms,
  ): Promise<{ seat: SeatView; replayed: boolean }> {
    const existing = await this.seats.findByReferral(tx, input.referralId);
    if (existing) {
      if (existing.groupId !== input.groupId)
        throw new DomainError('INVALID_STATE', `referral ${input.referralId} holds a seat in another group`, {
          groupId: existing.groupId,
        });
      return { seat: seatView(existing), replayed: true };
    }
    await this.refuseReleased(tx, input.referralId);

    const seatId = await this.seats.lockSeatToClaim(tx, input.groupId, input.offerRoundId ?? null, terms.claimedAt);
    if (!seatId) {
      // Only a refused claim asks whether the group exists: a seat implies its group.
      if (!(await this.seats.groupExists(tx, input.groupId)))
        throw new DomainError('NOT_FOUND', `group ${input.groupId} not found`);
      throw new DomainError('NO_FREE_SEATS', `no free seat in group ${input.groupId}`);
    }
    return { seat: seatView(await this.seats.claim(tx, seatId, terms)), replayed: false };
  }

  /**
   * The second phase: the caller has committed its referral, so its pending claim stays (the
   * reconciler no longer frees it). A commit that reaches the seat before the reconciler wins,
   * even past `pending_until`. Idempotent: a committed or enrolled seat is returned as it is.
   */
  async commit(input: CommitRequest): Promise<{ seat: SeatView; replayed: boolean }> {
    return this.db.transaction(async (tx) => {
      const seat = await this.seatOf(tx, input.referralId);
      if (!canMove(seatState(seat), SeatState.CommittedClaim)) return { seat: seatView(seat), replayed: true };
      return { seat: seatView(await this.seats.commitClaim(tx, seat.id)), replayed: false };
    });
  }

  /** Frees a referral's claimed seat or an offer round's held seats; a replay releases nothing more. */
  async release(input: ReleaseRequest): Promise<{ released: number }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      if ('offerRoundId' in input) {
        const seats = await this.seats.freeHeldForRound(tx, input.offerRoundId);
        await this.recordReleased(tx, seats, now, {
          reason: ReleaseReason.OfferRound,
          offerRoundId: input.offerRoundId,
        });
        return { released: seats.length };
      }
      const seat = await this.seats.lockByReferral(tx, input.referralId);
      if (!seat) {
        if (await this.seats.findReleasedReferral(tx, input.referralId)) return { released: 0 };
        throw new DomainError('NOT_FOUND', `referral ${input.referralId} holds no seat`);
      }
      if (!canTransition(seat.status, SeatStatus.FREE))
        throw new DomainError('INVALID_STATE', `seat of referral ${input.referralId} is ${seat.status}`);
      await this.seats.freeClaim(tx, seat.id);
      await this.seats.recordReleasedReferrals(
        tx,
        [{ referralId: input.referralId, seatId: seat.id }],
        now,
        ReleaseReason.Referral,
      );
      await this.recordReleased(tx, [seat], now, { reason: ReleaseReason.Referral, referralId: input.referralId });
      return { released: 1 };
    });
  }

  /**
   * Enrolment (R19): the committed claim's seat becomes the child's; a replay returns the same
   * seat. A pending claim is refused (commit first): enrolment never commits implicitly.
   */
  async enrol(input: EnrolRequest): Promise<{ seat: SeatView }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const seat = await this.seatOf(tx, input.referralId);
      const state = seatState(seat);
      if (state === SeatState.Enrolled) return { seat: seatView(seat) };
      if (!canMove(state, SeatState.Enrolled)) {
        throw new DomainError(
          'INVALID_STATE',
          `the claim of referral ${input.referralId} is pending: commit it before enrolment`,
          { pendingUntil: iso(seat.pendingUntil) },
        );
      }
      const enrolled = await this.seats.enrol(tx, seat.id, now);
      await recordEvent(tx, VACANCIES_SCHEMA, {
        type: SeatEvent.Enrolled,
        aggregateId: seat.groupId,
        payload: { seatId: seat.id, groupId: seat.groupId, referralId: input.referralId },
        occurredAt: now,
      });
      return { seat: seatView(enrolled) };
    });
  }

  /**
   * The reconciler: holds past `held_until` (a round that never finished) and pending claims
   * past `pending_until` (a caller that never committed) become free seats. A freed claim's
   * referral is recorded as released, so a late replay of it never claims again. Up to `limit`
   * of each per call; the caller repeats while anything was freed.
   */
  async releaseExpired(limit = 1000): Promise<{ holds: number; claims: number }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const holds = await this.seats.freeExpiredHolds(tx, now, limit);
      const rounds = new Map<string, typeof holds>();
      for (const s of holds) {
        const list = rounds.get(s.offerRoundId);
        if (list) list.push(s);
        else rounds.set(s.offerRoundId, [s]);
      }
      for (const [offerRoundId, list] of rounds)
        await this.recordReleased(tx, list, now, { reason: ReleaseReason.HoldExpired, offerRoundId });

      const claims = await this.seats.freeExpiredClaims(tx, now, limit);
      await this.seats.recordReleasedReferrals(
        tx,
        claims.map((c) => ({ referralId: c.referralId, seatId: c.id })),
        now,
        ReleaseReason.ClaimExpired,
      );
      for (const c of claims)
        await this.recordReleased(tx, [c], now, { reason: ReleaseReason.ClaimExpired, referralId: c.referralId });
      return { holds: holds.length, claims: claims.length };
    });
  }

  /** The referral's seat, locked; a released or unknown referral is refused. */
  private async seatOf(tx: EntityManager, referralId: string): Promise<Seat> {
    const seat = await this.seats.lockByReferral(tx, referralId);
    if (seat) return seat;
    await this.refuseReleased(tx, referralId);
    throw new DomainError('NOT_FOUND', `referral ${referralId} holds no seat`);
  }

  /** A referral that lost its seat never gets one again: INVALID_STATE saying why. */
  private async refuseReleased(tx: EntityManager, referralId: string): Promise<void> {
    const released = await this.seats.findReleasedReferral(tx, referralId);
    if (!released) return;
    const details = { reason: released.reason, releasedAt: iso(released.releasedAt) };
    if (released.reason === ReleaseReason.ClaimExpired) {
      throw new DomainError(
        'INVALID_STATE',
        `the pending claim of referral ${referralId} was not committed in time; its seat was released at ${details.releasedAt}`,
        details,
      );
    }
    throw new DomainError('INVALID_STATE', `referral ${referralId} was released`, details);
  }

  /** One SeatsReleased per group: subscribers learn how many seats are free again where. */
  private async recordReleased(
    tx: EntityManager,
    seats: Array<Pick<Seat, 'groupId'>>,
    now: Date,
    facts: { reason: ReleaseReason; offerRoundId?: string; referralId?: string },
  ): Promise<void> {
    const perGroup = new Map<string, number>();
    for (const s of seats) perGroup.set(s.groupId, (perGroup.get(s.groupId) ?? 0) + 1);
    for (const [groupId, count] of perGroup) {
      await recordEvent(tx, VACANCIES_SCHEMA, {
        type: SeatEvent.Released,
        aggregateId: groupId,
        payload: { groupId, count, ...facts },
        occurredAt: now,
      });
    }
  }
}
