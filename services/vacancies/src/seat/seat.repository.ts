import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { eventsOfRowsSql } from '@kezek/outbox';
import { OfferRound } from './offer-round.entity';
import { PublishRequest } from './publish-request.entity';
import { ReleasedReferral } from './released-referral.entity';
import { ReferralReleaseReason } from './seat-lifecycle';
import { Seat } from './seat.entity';
import { SEAT_EVENT_ROUTES, SeatEvent, VACANCIES_SCHEMA } from './seat-events';

/** A seat's columns as the `Seat` entity names them; `s` qualifies them where a statement joins. */
const seatColumns = (s = '') =>
  [
    `${s}id`,
    `${s}group_id AS "groupId"`,
    `${s}status`,
    `${s}published_at AS "publishedAt"`,
    `${s}offer_round_id AS "offerRoundId"`,
    `${s}held_until AS "heldUntil"`,
    `${s}referral_id AS "referralId"`,
    `${s}claimed_at AS "claimedAt"`,
    `${s}pending_until AS "pendingUntil"`,
    `${s}enrolled_at AS "enrolledAt"`,
    `${s}awaiting_round_until AS "awaitingRoundUntil"`,
  ].join(', ');
const SEAT = seatColumns();

/** A publication of seats: its group and instant (`seat.published_at`, its SeatsPublished `occurredAt`). */
export interface SeatPublication {
  groupId: string;
  publishedAt: Date;
}

/** The publications as rows (group_id, published_at), from the two parameters `publicationParams` gives, from $`first` on. */
const publicationsSql = (first: number) =>
  `SELECT DISTINCT * FROM unnest($${first}::uuid[], $${first + 1}::timestamptz[]) AS p(group_id, published_at)`;
const publicationParams = (publications: SeatPublication[]) => [
  publications.map((p) => p.groupId),
  publications.map((p) => p.publishedAt),
];

/** A group's free seats at an instant: those free choice may take, and those awaiting their offer round. */
export interface OpenSeats {
  free: number;
  awaiting: number;
}

/**
 * A free seat that is free choice at instant `now` (a placeholder): not one still awaiting its
 * offer round (R10 before R11). `s` qualifies the columns where a statement joins.
 */
export const freeChoiceAt = (now: string, s = '') =>
  `${s}status = 'FREE' AND (${s}awaiting_round_until IS NULL OR ${s}awaiting_round_until <= ${now})`;

/**
 * The seats a claim in group $1 at instant $3 may take, best first: one held for round $2, else the
 * oldest free one that no longer awaits its round.
 */
const CLAIM_CANDIDATES = `SELECT id FROM seat WHERE group_id = $1 AND ((${freeChoiceAt('$3')}) OR (status = 'HELD' AND offer_round_id = $2))`;
const CLAIM_ORDER = `ORDER BY status = 'HELD' DESC, published_at, id LIMIT 1`;

/** What a claim sets on its seat. */
export interface ClaimTerms {
  referralId: string;
  claimedAt: Date;
  pendingUntil: Date;
}

/**
 * The seat `pick` selects (a query of one locked id, whose placeholders `params` holds) becomes the
 * referral's pending claim, and its SeatClaimed is recorded in the same statement.
 */
function claimStatement(pick: string, c: ClaimTerms, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const claimed = `UPDATE seat s SET status = 'CLAIMED', referral_id = ${param(c.referralId)}, claimed_at = ${param(c.claimedAt)},
                          pending_until = ${param(c.pendingUntil)}, held_until = NULL, awaiting_round_until = NULL
                     FROM pick WHERE s.id = pick.id RETURNING ${seatColumns('s.')}`;
  const event = eventsOfRowsSql(
    VACANCIES_SCHEMA,
    {
      type: SeatEvent.Claimed,
      rows: 'claimed',
      aggregateId: `"groupId"::text`,
      payload: `jsonb_build_object('seatId', id, 'groupId', "groupId", 'referralId', "referralId", 'offerRoundId', "offerRoundId")`,
      occurredAt: c.claimedAt,
      routes: SEAT_EVENT_ROUTES,
    },
    params,
  );
  return `WITH pick AS (${pick}), claimed AS (${claimed}), event AS (${event}) SELECT * FROM claimed`;
}

/**
 * Runs `text` as a named prepared statement of the connection: PostgreSQL parses and plans it once
 * per connection rather than per call (a third of the claim statement's CPU there). The name is
 * the text's digest, so each variant (traced or not) is prepared once. TypeORM hands the query to
 * pg unchanged, which takes a query config where TypeORM's signature says string.
 */
function prepared(db: EntityManager, text: string, params: unknown[]): Promise<Seat[]> {
  const name = `kezek_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return db.query({ name, text } as unknown as string, params);
}

/** A seat the reconciler freed, with what it was held or claimed for. */
export type ExpiredHold = Pick<Seat, 'id' | 'groupId'> & { offerRoundId: string };
export type ExpiredClaim = Pick<Seat, 'id' | 'groupId'> & { referralId: string };

/** A group locked for publishing, with what SeatsPublished says about it. */
export interface PublishTarget {
  id: string;
  capacity: number;
  groupYear: number;
  language: string;
  kindergartenId: string;
  regionId: string;
  districtId: string;
}

/** TypeORM answers an UPDATE … RETURNING with `[rows, affected]`; this returns the rows. */
async function updated<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await tx.query(sql, params)) as [T[], number];
  return rows;
}

/**
 * The SQL of seats, offer rounds, released referrals and publish requests. Every method runs in
 * the caller's transaction (`tx`): services own the transaction boundaries and the rules, this
 * owns the statements, their row locks and their order.
 */
@Injectable()
export class SeatRepository {
  /** Records the round unless it exists; false for a replay (a concurrent first hold waits here until it commits). */
  async createOfferRound(tx: EntityManager, round: OfferRound): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO offer_round (id, area_id, group_year, requested, held_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [round.id, round.areaId, round.groupYear, round.requested, round.heldAt],
    );
    return rows.length > 0;
  }

  /** The round, locked: replays of one round run one at a time. */
  async lockOfferRound(tx: EntityManager, id: string): Promise<OfferRound | undefined> {
    const [round] = await tx.query(
      `SELECT id, area_id AS "areaId", group_year AS "groupYear", requested, held_at AS "heldAt" FROM offer_round WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return round;
  }

  async setRequested(tx: EntityManager, id: string, requested: number): Promise<void> {
    await tx.query(`UPDATE offer_round SET requested = $2 WHERE id = $1`, [id, requested]);
  }

  /**
   * Holds up to `count` free seats of state kindergartens of the area (a region or a district)
   * for the round: the seats of its own publications first, then free choice's oldest published,
   * skipping seats other transactions have locked. Seats awaiting another publication's round
   * are left to it. A held seat awaits nothing more.
   */
  holdFreeSeats(
    tx: EntityManager,
    o: {
      offerRoundId: string;
      areaId: string;
      groupYear: number;
      count: number;
      heldUntil: Date;
      publications: SeatPublication[];
      now: Date;
    },
  ): Promise<Seat[]> {
    return updated<Seat>(
      tx,
      // "Is the seat the round's own" as IN (subquery): a hashed lookup per seat, not a join whose
      // estimate (fresh rows, no statistics yet) made a nested loop over every publication.
      `WITH own AS (${publicationsSql(7)})
       UPDATE seat SET status = 'HELD', offer_round_id = $1, held_until = $2, awaiting_round_until = NULL
        WHERE id IN (
          SELECT s.id FROM seat s JOIN "group" g ON g.id = s.group_id JOIN kindergarten k ON k.id = g.kindergarten_id
           WHERE s.status = 'FREE' AND g.group_year = $3 AND k.is_state AND (k.region_id = $4 OR k.district_id = $4)
             AND ((s.group_id, s.published_at) IN (SELECT group_id, published_at FROM own)
                  OR s.awaiting_round_until IS NULL OR s.awaiting_round_until <= $6)
           ORDER BY (s.group_id, s.published_at) IN (SELECT group_id, published_at FROM own) DESC, s.published_at, s.id
           LIMIT $5 FOR UPDATE OF s SKIP LOCKED)
        RETURNING ${SEAT}`,
      [o.offerRoundId, o.heldUntil, o.groupYear, o.areaId, o.count, o.now, ...publicationParams(o.publications)],
    );
  }

  /**
   * The round has seen these publications of the area's group year: their free seats it did not
   * hold stop awaiting a round and are free choice now (R11: nobody eligible to offer them to).
   * Seats other transactions lock are waited for: one being held or claimed needs no clearing.
   */
  async endAwaiting(
    tx: EntityManager,
    o: { areaId: string; groupYear: number; publications: SeatPublication[] },
  ): Promise<number> {
    const [, cleared] = (await tx.query(
      `WITH own AS (${publicationsSql(3)})
       UPDATE seat s SET awaiting_round_until = NULL
         FROM own, "group" g JOIN kindergarten k ON k.id = g.kindergarten_id
        WHERE s.awaiting_round_until IS NOT NULL AND s.status = 'FREE'
          AND s.group_id = own.group_id AND s.published_at = own.published_at
          AND g.id = s.group_id AND g.group_year = $2 AND k.is_state AND (k.region_id = $1 OR k.district_id = $1)`,
      [o.areaId, o.groupYear, ...publicationParams(o.publications)],
    )) as [unknown, number];
    return cleared;
  }

  /**
   * Publications of state kindergartens whose free seats still await their round at `now` though
   * published before `before`, oldest first, with those seats' count (seat_awaiting_round_idx).
   */
  awaitingPublications(
    manager: EntityManager,
    o: { before: Date; now: Date; limit: number },
  ): Promise<
    Array<{
      groupId: string;
      kindergartenId: string;
      regionId: string;
      districtId: string;
      groupYear: number;
      language: string;
      publishedAt: Date;
      count: number;
    }>
  > {
    return manager.query(
      `SELECT s.group_id AS "groupId", g.kindergarten_id AS "kindergartenId", k.region_id AS "regionId",
              k.district_id AS "districtId", g.group_year AS "groupYear", g.language, s.published_at AS "publishedAt",
              count(*)::int AS count
         FROM seat s JOIN "group" g ON g.id = s.group_id JOIN kindergarten k ON k.id = g.kindergarten_id
        WHERE s.awaiting_round_until IS NOT NULL AND s.awaiting_round_until > $2 AND s.published_at < $1
          AND s.status = 'FREE' AND k.is_state
        GROUP BY s.group_id, g.kindergarten_id, k.region_id, k.district_id, g.group_year, g.language, s.published_at
        ORDER BY s.published_at, s.group_id LIMIT $3`,
      [o.before, o.now, o.limit],
    );
  }

  findHeldForRound(tx: EntityManager, offerRoundId: string): Promise<Seat[]> {
    return tx.query(`SELECT ${SEAT} FROM seat WHERE offer_round_id = $1 AND status = 'HELD' ORDER BY id`, [
      offerRoundId,
    ]);
  }

  /** Frees the round's held seats, locking them first. */
  freeHeldForRound(tx: EntityManager, offerRoundId: string): Promise<Seat[]> {
    return updated<Seat>(
      tx,
      `UPDATE seat SET status = 'FREE', offer_round_id = NULL, held_until = NULL
        WHERE id IN (SELECT id FROM seat WHERE offer_round_id = $1 AND status = 'HELD' FOR UPDATE) RETURNING ${SEAT}`,
      [offerRoundId],
    );
  }

  /** The referral's seat, unlocked: a claim's replay check (the unique referral guards the rest). */
  async findByReferral(tx: EntityManager, referralId: string): Promise<Seat | undefined> {
    const [seat] = await tx.query(`SELECT ${SEAT} FROM seat WHERE referral_id = $1`, [referralId]);
    return seat;
  }

  async lockByReferral(tx: EntityManager, referralId: string): Promise<Seat | undefined> {
    const [seat] = await tx.query(`SELECT ${SEAT} FROM seat WHERE referral_id = $1 FOR UPDATE`, [referralId]);
    return seat;
  }

  /**
   * Locks the seat a claim in the group takes: one held for the round first, else the oldest
   * free one. Fast path: skip seats other claims have locked. If every candidate is locked, wait
   * for them instead: a seat comes back only if its claimer rolls back, so "none" is exact.
   */
  async lockSeatToClaim(
    tx: EntityManager,
    groupId: string,
    offerRoundId: string | null,
    now: Date,
  ): Promise<string | undefined> {
    const params = [groupId, offerRoundId, now];
    let [pick] = await tx.query(`${CLAIM_CANDIDATES} ${CLAIM_ORDER} FOR UPDATE SKIP LOCKED`, params);
    if (!pick) [pick] = await tx.query(`${CLAIM_CANDIDATES} ${CLAIM_ORDER} FOR UPDATE`, params);
    return pick?.id;
  }

  /**
   * The common claim as one statement, atomic without a transaction: unless the referral holds or
   * ever held a seat, the seat `lockSeatToClaim`'s fast path takes becomes its pending claim, with
   * its SeatClaimed. Nothing otherwise (a replay, a released referral, no unlocked seat, no such
   * group): the caller's careful path tells which. Two concurrent first claims of one referral
   * still meet at the unique referral.
   */
  async claimUnlessKnown(
    db: EntityManager,
    groupId: string,
    offerRoundId: string | null,
    c: ClaimTerms,
  ): Promise<Seat | undefined> {
    const params: unknown[] = [groupId, offerRoundId, c.claimedAt, c.referralId];
    const pick = `${CLAIM_CANDIDATES}
        AND NOT EXISTS (SELECT 1 FROM seat WHERE referral_id = $4)
        AND NOT EXISTS (SELECT 1 FROM released_referral WHERE referral_id = $4)
      ${CLAIM_ORDER} FOR UPDATE SKIP LOCKED`;
    const [seat] = await prepared(db, claimStatement(pick, c, params), params);
    return seat;
  }

  async groupExists(tx: EntityManager, groupId: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM "group" WHERE id = $1`, [groupId])).length > 0;
  }

  /** A locked seat becomes the referral's pending claim (a held seat keeps its round), with its SeatClaimed. */
  async claim(tx: EntityManager, seatId: string, c: ClaimTerms): Promise<Seat> {
    const params: unknown[] = [seatId];
    const [seat] = await tx.query(claimStatement(`SELECT $1::uuid AS id`, c, params), params);
    return seat;
  }

  async commitClaim(tx: EntityManager, seatId: string): Promise<Seat> {
    const [seat] = await updated<Seat>(tx, `UPDATE seat SET pending_until = NULL WHERE id = $1 RETURNING ${SEAT}`, [
      seatId,
    ]);
    return seat;
  }

  async freeClaim(tx: EntityManager, seatId: string): Promise<void> {
    await tx.query(
      `UPDATE seat SET status = 'FREE', referral_id = NULL, claimed_at = NULL, offer_round_id = NULL, pending_until = NULL WHERE id = $1`,
      [seatId],
    );
  }

  async enrol(tx: EntityManager, seatId: string, enrolledAt: Date): Promise<Seat> {
    const [seat] = await updated<Seat>(
      tx,
      `UPDATE seat SET status = 'ENROLLED', enrolled_at = $2 WHERE id = $1 RETURNING ${SEAT}`,
      [seatId, enrolledAt],
    );
    return seat;
  }

  /** Up to `limit` holds past `held_until`, oldest first, become free; seats other transactions lock are skipped. */
  freeExpiredHolds(tx: EntityManager, now: Date, limit: number): Promise<ExpiredHold[]> {
    return updated<ExpiredHold>(
      tx,
      `WITH expired AS (
         SELECT id, offer_round_id FROM seat WHERE status = 'HELD' AND held_until <= $1 ORDER BY held_until LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE seat s SET status = 'FREE', offer_round_id = NULL, held_until = NULL FROM expired e WHERE s.id = e.id
       RETURNING s.id, s.group_id AS "groupId", e.offer_round_id AS "offerRoundId"`,
      [now, limit],
    );
  }

  /** Up to `limit` claims pending past `pending_until`, oldest first, become free; locked seats are skipped. */
  freeExpiredClaims(tx: EntityManager, now: Date, limit: number): Promise<ExpiredClaim[]> {
    return updated<ExpiredClaim>(
      tx,
      `WITH expired AS (
         SELECT id, referral_id FROM seat WHERE status = 'CLAIMED' AND pending_until <= $1 ORDER BY pending_until LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE seat s SET status = 'FREE', referral_id = NULL, claimed_at = NULL, offer_round_id = NULL, pending_until = NULL FROM expired e WHERE s.id = e.id
       RETURNING s.id, s.group_id AS "groupId", e.referral_id AS "referralId"`,
      [now, limit],
    );
  }

  async findReleasedReferral(tx: EntityManager, referralId: string): Promise<ReleasedReferral | undefined> {
    const [released] = await tx.query(
      `SELECT referral_id AS "referralId", seat_id AS "seatId", released_at AS "releasedAt", reason FROM released_referral WHERE referral_id = $1`,
      [referralId],
    );
    return released;
  }

  async recordReleasedReferrals(
    tx: EntityManager,
    seats: Array<{ referralId: string; seatId: string }>,
    releasedAt: Date,
    reason: ReferralReleaseReason,
  ): Promise<void> {
    if (seats.length === 0) return;
    await tx.query(
      `INSERT INTO released_referral (referral_id, seat_id, released_at, reason) SELECT unnest($1::text[]), unnest($2::uuid[]), $3, $4`,
      [seats.map((s) => s.referralId), seats.map((s) => s.seatId), releasedAt, reason],
    );
  }

  /** Locks the group: publications (and their request ids) are serialised per group. */
  async lockGroupToPublish(tx: EntityManager, groupId: string): Promise<PublishTarget | undefined> {
    const [group] = await tx.query(
      `SELECT g.id, g.capacity, g.group_year AS "groupYear", g.language, k.id AS "kindergartenId", k.region_id AS "regionId", k.district_id AS "districtId"
         FROM "group" g JOIN kindergarten k ON k.id = g.kindergarten_id WHERE g.id = $1 FOR UPDATE OF g`,
      [groupId],
    );
    return group;
  }

  /** Records the request unless its id exists; false for a retry (a concurrent one waits on the key until the first commits). */
  async createPublishRequest(tx: EntityManager, request: PublishRequest): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO publish_request (request_id, group_id, count, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [request.requestId, request.groupId, request.count, request.publishedAt],
    );
    return rows.length > 0;
  }

  async findPublishRequest(tx: EntityManager, requestId: string): Promise<PublishRequest | undefined> {
    const [request] = await tx.query(
      `SELECT request_id AS "requestId", group_id AS "groupId", count, published_at AS "publishedAt" FROM publish_request WHERE request_id = $1`,
      [requestId],
    );
    return request;
  }

  /** Every seat of the group, enrolled ones included (what capacity bounds). */
  async countSeats(tx: EntityManager, groupId: string): Promise<number> {
    const [{ seats }] = await tx.query(`SELECT count(*)::int AS seats FROM seat WHERE group_id = $1`, [groupId]);
    return seats;
  }

  /** `count` free seats, awaiting their offer round until `awaitingRoundUntil` (null: free choice at once). */
  async publishFreeSeats(
    tx: EntityManager,
    groupId: string,
    count: number,
    publishedAt: Date,
    awaitingRoundUntil: Date | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO seat (group_id, status, published_at, awaiting_round_until) SELECT $1, 'FREE', $2, $4 FROM generate_series(1, $3)`,
      [groupId, publishedAt, count, awaitingRoundUntil],
    );
  }

  /**
   * Free seats per group at `now`, counted from the rows (never stored): the seats free choice may
   * take, so not those still awaiting their round. Groups without any are absent.
   */
  /** Per group at `now`: its seats free choice may take, and its published seats still awaiting their round. */
  async countOpenSeats(db: EntityManager, groupIds: string[], now: Date): Promise<Map<string, OpenSeats>> {
    const rows: Array<OpenSeats & { groupId: string }> = await db.query(
      `SELECT group_id AS "groupId",
              count(*) FILTER (WHERE ${freeChoiceAt('$2')})::int AS free,
              count(*) FILTER (WHERE awaiting_round_until > $2)::int AS awaiting
         FROM seat WHERE group_id = ANY($1::uuid[]) AND status = 'FREE' GROUP BY group_id`,
      [groupIds, now],
    );
    return new Map(rows.map((r) => [r.groupId, { free: r.free, awaiting: r.awaiting }]));
  }
}
