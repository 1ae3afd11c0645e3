import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { pgError, UNIQUE_VIOLATION } from '@kezek/database';
import { CLAIM_PENDING_TTL_SECONDS, canTransition, expiresAfter } from '../seat/seat-rules';
import { SeatStatus } from '../seat/seat.entity';
import { SeatEvent, VACANCIES_SCHEMA } from '../seat/seat-events';
import { ClaimRequest, CommitRequest, ConfirmRequest, HoldRequest, ReleaseRequest } from '@kezek/vacancies-api';

interface SeatRow {
  id: string;
  group_id: string;
  status: SeatStatus;
  offer_round_id: string | null;
  held_until: Date | null;
  referral_id: string | null;
  claimed_at: Date | null;
  pending_until: Date | null;
  enrolled_at: Date | null;
}

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
const seatView = (s: SeatRow): SeatView => ({
  seatId: s.id,
  groupId: s.group_id,
  status: s.status,
  referralId: s.referral_id,
  offerRoundId: s.offer_round_id,
  heldUntil: iso(s.held_until),
  claimedAt: iso(s.claimed_at),
  pendingUntil: iso(s.pending_until),
  enrolledAt: iso(s.enrolled_at),
});

const SEAT = `id, group_id, status, offer_round_id, held_until, referral_id, claimed_at, pending_until, enrolled_at`;

/** Why a referral lost its seat (`released_referral.reason`). */
enum ReleaseReason {
  /** The caller released it. */
  Referral = 'REFERRAL',
  /** Its pending claim was not committed before `pending_until`: the reconciler freed the seat. */
  ClaimExpired = 'CLAIM_EXPIRED',
}

/** TypeORM answers an UPDATE … RETURNING with `[rows, affected]`; this returns the rows. */
async function updated<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await tx.query(sql, params)) as [T[], number];
  return rows;
}

/**
 * The claims API behind `/internal/claims`: holds for an offer round, two-phase claims by
 * referral (claim: pending until `pending_until`; commit), release and enrolment. Each call is
 * one transaction with explicit row locks; the unique referral and the seat triggers are the
 * last line of defence.
 */
@Injectable()
export class ClaimService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Holds up to `count` free seats of state kindergartens of the area; a replay of the round returns its holds. */
  async hold(input: HoldRequest): Promise<{ offerRoundId: string; heldUntil: string | null; seats: SeatView[] }> {
    const now = this.clock.now();
    const seats = await this.db.transaction(async (tx) => {
      // A concurrent first hold of the round waits here until it commits, then counts as a replay.
      const [created] = await tx.query(
        `INSERT INTO offer_round (id, area_id, group_year, requested, held_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [input.offerRoundId, input.areaId, input.groupYear, input.count, now],
      );
      if (!created) {
        // A replay never holds fresh seats: it answers with what the round still holds.
        const [round] = await tx.query(`SELECT area_id, group_year, requested FROM offer_round WHERE id = $1`, [
          input.offerRoundId,
        ]);
        if (round.area_id !== input.areaId || round.group_year !== input.groupYear || round.requested !== input.count) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `offer round ${input.offerRoundId} was held with other parameters`,
            { fields: [{ field: 'offerRoundId', problem: 'already used' }] },
          );
        }
        return tx.query(`SELECT ${SEAT} FROM seat WHERE offer_round_id = $1 AND status = 'HELD' ORDER BY id`, [
          input.offerRoundId,
        ]) as Promise<SeatRow[]>;
      }
      return updated<SeatRow>(
        tx,
        `UPDATE seat SET status = 'HELD', offer_round_id = $1, held_until = $2
          WHERE id IN (
            SELECT s.id FROM seat s JOIN "group" g ON g.id = s.group_id JOIN kindergarten k ON k.id = g.kindergarten_id
             WHERE s.status = 'FREE' AND g.group_year = $3 AND k.is_state AND (k.region_id = $4 OR k.district_id = $4)
             ORDER BY s.published_at, s.id LIMIT $5 FOR UPDATE OF s SKIP LOCKED)
          RETURNING ${SEAT}`,
        [input.offerRoundId, expiresAfter(now, input.ttlSeconds), input.groupYear, input.areaId, input.count],
      );
    });
    return {
      offerRoundId: input.offerRoundId,
      heldUntil: iso(seats[0]?.held_until ?? null),
      seats: seats.map(seatView),
    };
  }

  /**
   * Claims one seat of the group for a referral: a seat held for the referral's offer round
   * first, else a free one. The claim is pending for `ttlSeconds` (default 15 minutes): the
   * caller commits it once its referral is committed, or the reconciler frees the seat.
   * Idempotent by referral id: a replay returns the same seat as it is (its deadline unchanged).
   */
  async claim(input: ClaimRequest): Promise<{ seat: SeatView; replayed: boolean }> {
    try {
      return await this.db.transaction((tx) => this.claimIn(tx, input));
    } catch (e) {
      // A concurrent request with the same referral id won the unique index: return its seat.
      const { code, constraint } = pgError(e);
      if (code === UNIQUE_VIOLATION && constraint === 'seat_referral_uq') {
        return this.db.transaction((tx) => this.claimIn(tx, input));
      }
      throw e;
    }
  }

  private async claimIn(tx: EntityManager, input: ClaimRequest): Promise<{ seat: SeatView; replayed: boolean }> {
    const [existing]: SeatRow[] = await tx.query(`SELECT ${SEAT} FROM seat WHERE referral_id = $1`, [input.referralId]);
    if (existing) {
      if (existing.group_id !== input.groupId)
        throw new DomainError('INVALID_STATE', `referral ${input.referralId} holds a seat in another group`, {
          groupId: existing.group_id,
        });
      return { seat: seatView(existing), replayed: true };
    }
    await this.refuseReleased(tx, input.referralId);

    const candidates = `SELECT id FROM seat WHERE group_id = $1 AND (status = 'FREE' OR (status = 'HELD' AND offer_round_id = $2))
                         ORDER BY status = 'HELD' DESC, published_at, id LIMIT 1`;
    const params = [input.groupId, input.offerRoundId ?? null];
    // Fast path: skip seats other claims have locked. If every candidate is locked, wait for
    // them instead: a seat comes back only if its claimer rolls back, so NO_FREE_SEATS is exact.
    let [pick] = await tx.query(`${candidates} FOR UPDATE SKIP LOCKED`, params);
    if (!pick) [pick] = await tx.query(`${candidates} FOR UPDATE`, params);
    if (!pick) {
      // Only a refused claim asks whether the group exists: a seat implies its group.
      const [group] = await tx.query(`SELECT 1 FROM "group" WHERE id = $1`, [input.groupId]);
      if (!group) throw new DomainError('NOT_FOUND', `group ${input.groupId} not found`);
      throw new DomainError('NO_FREE_SEATS', `no free seat in group ${input.groupId}`);
    }

    const now = this.clock.now();
    const [seat] = await updated<SeatRow>(
      tx,
      `UPDATE seat SET status = 'CLAIMED', referral_id = $2, claimed_at = $3, pending_until = $4, held_until = NULL WHERE id = $1 RETURNING ${SEAT}`,
      [pick.id, input.referralId, now, expiresAfter(now, input.ttlSeconds ?? CLAIM_PENDING_TTL_SECONDS.default)],
    );
    await recordEvent(tx, VACANCIES_SCHEMA, {
      type: SeatEvent.Claimed,
      aggregateId: seat.group_id,
      payload: {
        seatId: seat.id,
        groupId: seat.group_id,
        referralId: input.referralId,
        offerRoundId: seat.offer_round_id,
      },
      occurredAt: now,
    });
    return { seat: seatView(seat), replayed: false };
  }

  /**
   * The second phase: the caller has committed its referral, so its pending claim stays (the
   * reconciler no longer frees it). A commit that reaches the seat before the reconciler wins,
   * even past `pending_until`. Idempotent: a committed or enrolled seat is returned as it is.
   */
  async commit(input: CommitRequest): Promise<{ seat: SeatView; replayed: boolean }> {
    return this.db.transaction(async (tx) => {
      const seat = await this.seatOf(tx, input.referralId);
      if (seat.pending_until === null) return { seat: seatView(seat), replayed: true };
      const [committed] = await updated<SeatRow>(
        tx,
        `UPDATE seat SET pending_until = NULL WHERE id = $1 RETURNING ${SEAT}`,
        [seat.id],
      );
      return { seat: seatView(committed), replayed: false };
    });
  }

  /** Frees a referral's claimed seat or an offer round's held seats; a replay releases nothing more. */
  async release(input: ReleaseRequest): Promise<{ released: number }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      if ('offerRoundId' in input) {
        const seats = await updated<SeatRow>(
          tx,
          `UPDATE seat SET status = 'FREE', offer_round_id = NULL, held_until = NULL
            WHERE id IN (SELECT id FROM seat WHERE offer_round_id = $1 AND status = 'HELD' FOR UPDATE) RETURNING ${SEAT}`,
          [input.offerRoundId],
        );
        await this.recordReleased(tx, seats, now, { reason: 'OFFER_ROUND', offerRoundId: input.offerRoundId });
        return { released: seats.length };
      }
      const [seat]: SeatRow[] = await tx.query(`SELECT ${SEAT} FROM seat WHERE referral_id = $1 FOR UPDATE`, [
        input.referralId,
      ]);
      if (!seat) {
        const [released] = await tx.query(`SELECT 1 FROM released_referral WHERE referral_id = $1`, [input.referralId]);
        if (released) return { released: 0 };
        throw new DomainError('NOT_FOUND', `referral ${input.referralId} holds no seat`);
      }
      if (!canTransition(seat.status, SeatStatus.FREE))
        throw new DomainError('INVALID_STATE', `seat of referral ${input.referralId} is ${seat.status}`);
      await tx.query(
        `UPDATE seat SET status = 'FREE', referral_id = NULL, claimed_at = NULL, offer_round_id = NULL, pending_until = NULL WHERE id = $1`,
        [seat.id],
      );
      await tx.query(
        `INSERT INTO released_referral (referral_id, seat_id, released_at, reason) VALUES ($1, $2, $3, $4)`,
        [input.referralId, seat.id, now, ReleaseReason.Referral],
      );
      await this.recordReleased(tx, [seat], now, { reason: ReleaseReason.Referral, referralId: input.referralId });
      return { released: 1 };
    });
  }

  /**
   * Enrolment (R19): the committed claim's seat becomes the child's; a replay returns the same
   * seat. A pending claim is refused (commit first): enrolment never commits implicitly.
   */
  async confirm(input: ConfirmRequest): Promise<{ seat: SeatView }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const seat = await this.seatOf(tx, input.referralId);
      if (seat.status === SeatStatus.ENROLLED) return { seat: seatView(seat) };
      if (seat.pending_until !== null) {
        throw new DomainError(
          'INVALID_STATE',
          `the claim of referral ${input.referralId} is pending: commit it before enrolment`,
          { pendingUntil: iso(seat.pending_until) },
        );
      }
      const [enrolled] = await updated<SeatRow>(
        tx,
        `UPDATE seat SET status = 'ENROLLED', enrolled_at = $2 WHERE id = $1 RETURNING ${SEAT}`,
        [seat.id, now],
      );
      await recordEvent(tx, VACANCIES_SCHEMA, {
        type: SeatEvent.Enrolled,
        aggregateId: seat.group_id,
        payload: { seatId: seat.id, groupId: seat.group_id, referralId: input.referralId },
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
      const holds = await updated<SeatRow & { round: string }>(
        tx,
        `WITH expired AS (
           SELECT id, offer_round_id FROM seat WHERE status = 'HELD' AND held_until <= $1 ORDER BY held_until LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE seat s SET status = 'FREE', offer_round_id = NULL, held_until = NULL FROM expired e WHERE s.id = e.id
         RETURNING s.id, s.group_id, e.offer_round_id AS round`,
        [now, limit],
      );
      const rounds = new Map<string, SeatRow[]>();
      for (const s of holds) {
        const list = rounds.get(s.round);
        if (list) list.push(s);
        else rounds.set(s.round, [s]);
      }
      for (const [offerRoundId, list] of rounds)
        await this.recordReleased(tx, list, now, { reason: 'HOLD_EXPIRED', offerRoundId });

      const claims = await updated<SeatRow & { referral: string }>(
        tx,
        `WITH expired AS (
           SELECT id, referral_id FROM seat WHERE status = 'CLAIMED' AND pending_until <= $1 ORDER BY pending_until LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE seat s SET status = 'FREE', referral_id = NULL, claimed_at = NULL, offer_round_id = NULL, pending_until = NULL FROM expired e WHERE s.id = e.id
         RETURNING s.id, s.group_id, e.referral_id AS referral`,
        [now, limit],
      );
      if (claims.length > 0) {
        await tx.query(
          `INSERT INTO released_referral (referral_id, seat_id, released_at, reason) SELECT unnest($1::text[]), unnest($2::uuid[]), $3, $4`,
          [claims.map((c) => c.referral), claims.map((c) => c.id), now, ReleaseReason.ClaimExpired],
        );
      }
      for (const c of claims)
        await this.recordReleased(tx, [c], now, { reason: ReleaseReason.ClaimExpired, referralId: c.referral });
      return { holds: holds.length, claims: claims.length };
    });
  }

  /** The referral's seat, locked; a released or unknown referral is refused. */
  private async seatOf(tx: EntityManager, referralId: string): Promise<SeatRow> {
    const [seat]: SeatRow[] = await tx.query(`SELECT ${SEAT} FROM seat WHERE referral_id = $1 FOR UPDATE`, [
      referralId,
    ]);
    if (seat) return seat;
    await this.refuseReleased(tx, referralId);
    throw new DomainError('NOT_FOUND', `referral ${referralId} holds no seat`);
  }

  /** A referral that lost its seat never gets one again: INVALID_STATE saying why. */
  private async refuseReleased(tx: EntityManager, referralId: string): Promise<void> {
    const [released]: Array<{ reason: ReleaseReason; released_at: Date }> = await tx.query(
      `SELECT reason, released_at FROM released_referral WHERE referral_id = $1`,
      [referralId],
    );
    if (!released) return;
    const details = { reason: released.reason, releasedAt: iso(released.released_at) };
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
    seats: Array<Pick<SeatRow, 'group_id'>>,
    now: Date,
    facts: Record<string, string>,
  ): Promise<void> {
    const perGroup = new Map<string, number>();
    for (const s of seats) perGroup.set(s.group_id, (perGroup.get(s.group_id) ?? 0) + 1);
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
