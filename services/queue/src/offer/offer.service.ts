import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, toAlmatyIso } from '@kezek/clock';
import { isDomainError } from '@kezek/errors';
import { OutboxJobData, recordEvent, recordEvents } from '@kezek/outbox';
import { PortalPolicy } from '@kezek/policy';
import { Portals } from '@kezek/portals';
import { ClaimsApi, HOLD_MAX_SEATS, VacanciesApiClient } from '@kezek/vacancies-api';
import { AllocationService } from '../allocation/allocation.service';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { CalendarService } from '../calendar/calendar.service';
import { chainSeq, logRoundClosed, logRoundOpened } from '../fairness/log/allocation-log';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { Chooser, loadChooser } from '../referral/chooser';
import { choiceOf } from '../referral/referral.rules';
import { OfferStatus } from './models/offer-status.enum';
import { Offer } from './offer.entity';
import { OfferRound } from './offer-round.entity';
import {
  holdSeconds,
  isCurrentOffer,
  nextRoundBatch,
  roundAreas,
  roundPublications,
  seatsPublished,
  WaitingPublication,
} from './offer.rules';
import { OfferNoticeReached, offerWindowEnd } from './offer-window.rules';

/**
 * R10 and R11: published seats open a round that offers them to the next eligible children in
 * allocation order; when its window ends the unchosen seats go to free choice.
 */
@Injectable()
export class OfferService {
  private readonly logger = new Logger(OfferService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly portals: Portals,
    private readonly calendar: CalendarService,
    private readonly allocation: AllocationService,
    private readonly vacancies: VacanciesApiClient,
  ) {}

  /**
   * Records one SeatsPublished event (once: a redelivery adds nothing) and opens rounds for the
   * publications waiting in its portal and group year.
   */
  async receivePublication(event: OutboxJobData): Promise<void> {
    const published = seatsPublished(event.payload);
    const portal = this.portals.all.find((p) => p.regionIds.includes(published.regionId));
    if (!portal) {
      this.logger.warn(`SeatsPublished ${event.eventId}: no portal serves region ${published.regionId}`);
      return;
    }
    const { areaIds, holdAreaId } = roundAreas(published);
    await this.db.query(
      `INSERT INTO seat_publication (event_id, portal_id, group_id, area_ids, hold_area_id, group_year, seats, received_at, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        event.eventId,
        portal.id,
        published.groupId,
        areaIds,
        holdAreaId,
        published.groupYear,
        published.count,
        this.clock.now(),
        event.occurredAt,
      ],
    );
    await this.openWaitingRounds(portal.id, published.groupYear);
  }

  /**
   * Publications whose SeatsPublished never reached the queue (its job lost with Redis): vacancies
   * still has their seats awaiting a round though published before `before`. Each is received as
   * its event would have been, named by its group and instant: the event arriving after all is the
   * same publication (one group, one instant) and adds nothing, and one the queue has already is
   * not added again. Returns how many vacancies reported.
   */
  async receiveLostPublications(before: Date, limit: number): Promise<number> {
    const { publications } = await this.vacancies.call(ClaimsApi.awaiting, {
      publishedBefore: before.toISOString(),
      limit,
    });
    for (const { publishedAt, ...payload } of publications)
      await this.receivePublication({
        eventId: `lost:${payload.groupId}:${publishedAt}`,
        type: 'SeatsPublished',
        aggregateId: payload.groupId,
        payload,
        occurredAt: publishedAt,
      });
    return publications.length;
  }

  /**
   * Opens rounds for the waiting publications of a portal's group year, one transaction per
   * round (R10). One opener at a time per portal and group year, so two rounds never pick the
   * same children; a caller that finds the lock taken leaves its publication to the holder, which
   * looks again after each commit — a burst of publications becomes a few merged rounds instead
   * of a queue of transactions. The sweeper opens what an opener that died left waiting.
   */
  async openWaitingRounds(portalId: string, groupYear: number): Promise<number> {
    const portal = this.portals.find(portalId);
    if (!portal) throw new Error(`publications wait for portal ${portalId}, which this deployment no longer serves`);
    let opened = 0;
    for (;;) {
      const outcome = await this.db.transaction(async (tx) => {
        const [{ locked }] = await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
          `offer-round:${portalId}:${groupYear}`,
        ]);
        if (!locked) return 'busy';
        const waiting = await this.waiting(tx, portalId, groupYear);
        const batch = nextRoundBatch(waiting, HOLD_MAX_SEATS);
        if (!batch.length) return 'none';
        await this.openRound(tx, portal.id, portal.policy, groupYear, batch);
        return 'opened';
      });
      if (outcome === 'busy') return opened;
      if (outcome === 'opened') opened++;
      // Nothing waited under the lock: look once more after the commit, for a publication whose
      // caller found the lock taken just before it was released.
      else if (!(await this.waiting(this.db.manager, portalId, groupYear, 1)).length) return opened;
    }
  }

  /** Portals and group years with publications waiting since before `before` (the sweeper's list). */
  async waitingSince(before: Date): Promise<Array<{ portalId: string; groupYear: number }>> {
    const rows: Array<{ portal_id: string; group_year: number }> = await this.db.query(
      `SELECT DISTINCT portal_id, group_year FROM seat_publication WHERE round_id IS NULL AND received_at < $1`,
      [before],
    );
    return rows.map((r) => ({ portalId: r.portal_id, groupYear: r.group_year }));
  }

  private async waiting(
    manager: EntityManager,
    portalId: string,
    groupYear: number,
    limit = HOLD_MAX_SEATS,
  ): Promise<WaitingPublication[]> {
    return manager.query(
      `SELECT event_id AS "eventId", group_id AS "groupId", area_ids AS "areaIds", hold_area_id AS "holdAreaId", seats,
              published_at AS "publishedAt"
       FROM seat_publication WHERE portal_id = $1 AND group_year = $2 AND round_id IS NULL ORDER BY seq LIMIT $3`,
      [portalId, groupYear, limit],
    );
  }

  /**
   * A round of the batch's seats: held at vacancies for it before the offers commit (the round's
   * id is its first publication's, so a retried round replays its hold), offered to the next
   * eligible children in allocation order. The seats await the round at vacancies until then;
   * the hold tells vacancies the publications the round is for (their seats first), so what it
   * does not hold of them — all of them when nobody is eligible — is free choice at once (R11).
   */
  private async openRound(
    tx: EntityManager,
    portalId: string,
    policy: PortalPolicy,
    groupYear: number,
    batch: WaitingPublication[],
  ): Promise<void> {
    const { areaIds, holdAreaId, eventId: id } = batch[0];
    const seats = batch.reduce((n, p) => n + p.seats, 0);
    const now = this.clock.now();
    const windowEndsAt = await this.calendar.workingDaysDeadline(now, policy.offerWindowWorkingDays, tx);
    // A window starting at delivery starts at the latest when this one ends: a second window is the bound.
    const latestWindowEndsAt = policy.offerWindowFromDelivery
      ? await this.calendar.workingDaysDeadline(windowEndsAt, policy.offerWindowWorkingDays, tx)
      : null;
    const logSeq = await chainSeq(tx, portalId);
    const candidates = await this.allocation.nextEligibleIn(areaIds, groupYear, seats, now, policy);
    const { seats: heldSeats } = await this.vacancies.call(ClaimsApi.hold, {
      offerRoundId: id,
      areaId: holdAreaId,
      groupYear,
      // Nobody to offer to: the round holds nothing, and only ends the seats' wait.
      count: candidates.length ? seats : 0,
      // Held once for as long as any offer's window may last: a window moved to delivery needs no new hold.
      ttlSeconds: holdSeconds(now, latestWindowEndsAt ?? windowEndsAt),
      publications: roundPublications(batch),
    });
    // A retried round whose first attempt held seats for children no longer eligible: nobody to
    // offer them to, so they go to free choice now rather than when the hold expires.
    if (!candidates.length && heldSeats.length) await this.vacancies.call(ClaimsApi.release, { offerRoundId: id });
    const held = candidates.length ? heldSeats.length : 0;
    const round: OfferRound = {
      id,
      portalId,
      areaIds,
      holdAreaId,
      groupYear,
      groupIds: [...new Set(batch.map((p) => p.groupId))],
      seats,
      held,
      publishedAt: now,
      windowEndsAt,
      latestWindowEndsAt,
      policy,
      // Nobody to offer to: the seats stayed free, which is free choice (R11).
      closedAt: held ? null : now,
      seatsReleasedAt: held ? null : now,
    };
    await tx.getRepository(OfferRound).insert(round);
    await tx.query(`UPDATE seat_publication SET round_id = $1 WHERE event_id = ANY($2::text[])`, [
      id,
      batch.map((p) => p.eventId),
    ]);
    const offered = await this.makeOffers(
      tx,
      round,
      candidates.slice(0, held).map((c) => c.id),
    );
    await logRoundOpened(tx, round, logSeq, candidates.slice(0, held));
    await recordEvent(tx, QUEUE_SCHEMA, {
      type: QueueEvent.OfferRoundOpened,
      aggregateId: round.id,
      payload: {
        roundId: round.id,
        areaIds,
        groupYear,
        seats,
        held,
        offered,
        windowEndsAt: windowEndsAt.toISOString(),
      },
      occurredAt: now,
    });
  }

  /**
   * NOTIFIED for each child still in the queue (one may have withdrawn since it was picked: its
   * seat stays held for the others and goes to free choice with the window), an offer with its
   * place in the round, a history entry and an OfferMade event each — a statement per table,
   * whatever the round's size.
   */
  private async makeOffers(tx: EntityManager, round: OfferRound, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const at = round.publishedAt;
    const notified: Array<{ id: string; queue_area_id: string; privilege: string; place: number }> = await tx.query(
      `WITH picked AS (
         UPDATE application a SET status = '${ApplicationStatus.NOTIFIED}', last_changed_at = $2
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, k)
         WHERE a.id = x.id AND a.status = '${ApplicationStatus.IN_QUEUE}'
         RETURNING a.id, a.queue_area_id, a.privilege, x.k)
       SELECT id, queue_area_id, privilege, row_number() OVER (ORDER BY k)::int AS place FROM picked ORDER BY k`,
      [ids, at],
    );
    if (!notified.length) return 0;
    const offers: Array<{ id: string; application_id: string }> = await tx.query(
      `INSERT INTO offer (round_id, application_id, place, created_at, expires_at, status)
       SELECT $1, x.id, x.place, $3, $4, '${OfferStatus.OPEN}' FROM unnest($2::uuid[], $5::int[]) AS x(id, place)
       RETURNING id, application_id`,
      [round.id, notified.map((n) => n.id), at, round.windowEndsAt, notified.map((n) => n.place)],
    );
    await tx.query(
      `INSERT INTO application_history (application_id, at, action, from_status, to_status, actor, reason)
       SELECT x.id, $2, 'OFFER_MADE', '${ApplicationStatus.IN_QUEUE}', '${ApplicationStatus.NOTIFIED}', 'system', $3
       FROM unnest($1::uuid[]) AS x(id)`,
      [notified.map((n) => n.id), at, `offer round ${round.id}`],
    );
    const offerOf = new Map(offers.map((o) => [o.application_id, o.id]));
    await recordEvents(
      tx,
      QUEUE_SCHEMA,
      notified.map((n) => ({
        type: QueueEvent.OfferMade,
        aggregateId: n.id,
        payload: {
          offerId: offerOf.get(n.id),
          roundId: round.id,
          applicationId: n.id,
          place: n.place,
          areaId: n.queue_area_id,
          groupYear: round.groupYear,
          privilege: n.privilege,
          expiresAt: round.windowEndsAt.toISOString(),
        },
        occurredAt: at,
      })),
    );
    return notified.length;
  }

  /**
   * R10 with `offerWindowFromDelivery` (the policy the round opened with): records when the
   * offer's notice first reached the parent and, while the offer is open, moves its window to
   * start then (offerWindowEnd) and the round's close to the latest of its offers' ends, with a
   * history entry. Returns the round's close to schedule while the round is open (again on a
   * redelivered event, whose recording changes nothing), else null.
   */
  async recordReach(reach: OfferNoticeReached): Promise<{ roundId: string; windowEndsAt: Date } | null> {
    return this.db.transaction(async (tx) => {
      const found = await tx.getRepository(Offer).findOneBy({ id: reach.offerId });
      if (!found) {
        this.logger.warn(`OfferNoticeReached for offer ${reach.offerId}, which the queue does not have`);
        return null;
      }
      // The round first, as closeRound locks it: a reach and the close run one after the other.
      const round = await tx
        .getRepository(OfferRound)
        .findOneOrFail({ where: { id: found.roundId }, lock: { mode: 'pessimistic_write' } });
      const offer = await tx
        .getRepository(Offer)
        .findOneOrFail({ where: { id: reach.offerId }, lock: { mode: 'pessimistic_write' } });
      const policy = round.policy;
      const due =
        policy.offerWindowFromDelivery && !round.closedAt
          ? { roundId: round.id, windowEndsAt: round.windowEndsAt }
          : null;
      if (offer.reachedAt) return due;
      await tx.getRepository(Offer).update(offer.id, { reachedAt: reach.reachedAt });
      if (!due || offer.status !== OfferStatus.OPEN) return due;
      const expiresAt = offerWindowEnd({
        policy,
        sentWindowEndsAt: offer.expiresAt,
        reachedAt: reach.reachedAt,
        windowFromReach: await this.calendar.workingDaysDeadline(reach.reachedAt, policy.offerWindowWorkingDays, tx),
        // A round opened before the bound was kept had its seats held to its window's end only.
        latestWindowEndsAt: round.latestWindowEndsAt ?? round.windowEndsAt,
      });
      if (expiresAt <= offer.expiresAt) return due;
      await tx.getRepository(Offer).update(offer.id, { expiresAt });
      const windowEndsAt = expiresAt > round.windowEndsAt ? expiresAt : round.windowEndsAt;
      await tx.getRepository(OfferRound).update(round.id, { windowEndsAt });
      await recordChange(tx, offer.applicationId, {
        at: this.clock.now(),
        action: 'OFFER_WINDOW_FROM_DELIVERY',
        fromStatus: ApplicationStatus.NOTIFIED,
        toStatus: ApplicationStatus.NOTIFIED,
        actor: 'system',
        reason: `offer window starts at delivery: the parent was reached at ${toAlmatyIso(reach.reachedAt)}; choose until ${toAlmatyIso(expiresAt)}`,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.OfferWindowMoved,
        aggregateId: offer.applicationId,
        payload: {
          offerId: offer.id,
          roundId: round.id,
          applicationId: offer.applicationId,
          groupYear: round.groupYear,
          reachedAt: reach.reachedAt.toISOString(),
          expiresAt: expiresAt.toISOString(),
        },
        occurredAt: this.clock.now(),
      });
      return { roundId: round.id, windowEndsAt };
    });
  }

  /**
   * R11: the window of a round has ended — its open offers lapse, their children are back in
   * the queue at their filing-instant place (they keep their position), and the round's held
   * seats go to free choice (released by the OfferRoundClosed event's handler). Does nothing
   * before the window ends or for a round already closed, so a job and the sweeper may race.
   */
  async closeRound(roundId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const round = await tx
        .getRepository(OfferRound)
        .findOne({ where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!round || round.closedAt || now <= round.windowEndsAt) return false;
      // One statement (an UPDATE's RETURNING reaches TypeORM's query() wrapped with its row count).
      const back: Array<{ id: string }> = await tx.query(
        `WITH lapsed AS (
           UPDATE offer SET status = '${OfferStatus.LAPSED}', closed_at = $2
           WHERE round_id = $1 AND status = '${OfferStatus.OPEN}' RETURNING application_id)
         , back AS (
           UPDATE application a SET status = '${ApplicationStatus.IN_QUEUE}', last_changed_at = $2
           FROM lapsed WHERE a.id = lapsed.application_id AND a.status = '${ApplicationStatus.NOTIFIED}' RETURNING a.id)
         SELECT id FROM back`,
        [roundId, now],
      );
      await tx.query(
        `INSERT INTO application_history (application_id, at, action, from_status, to_status, actor, reason)
         SELECT x.id, $2, 'OFFER_LAPSED', '${ApplicationStatus.NOTIFIED}', '${ApplicationStatus.IN_QUEUE}', 'system', $3
         FROM unnest($1::uuid[]) AS x(id)`,
        [back.map((b) => b.id), now, 'no kindergarten chosen in time; the queue position is kept'],
      );
      await logRoundClosed(tx, round, back, now);
      await tx.getRepository(OfferRound).update(roundId, { closedAt: now });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.OfferRoundClosed,
        aggregateId: roundId,
        payload: { roundId, lapsed: back.length },
        occurredAt: now,
      });
      return true;
    });
  }

  /** Rounds whose window has ended and that are still open, oldest first (the sweeper's list). */
  async dueRounds(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM offer_round WHERE closed_at IS NULL AND window_ends_at < $1 ORDER BY window_ends_at LIMIT $2`,
      [this.clock.now(), limit],
    );
    return rows.map((r) => r.id);
  }

  /** Frees the seats vacancies still holds for a closed round: they are free choice now (R11). Idempotent. */
  async releaseRoundSeats(roundId: string): Promise<void> {
    await this.vacancies.call(ClaimsApi.release, { offerRoundId: roundId });
    await this.db.query(`UPDATE offer_round SET seats_released_at = $2 WHERE id = $1 AND seats_released_at IS NULL`, [
      roundId,
      this.clock.now(),
    ]);
  }

  /** Closed rounds whose held seats vacancies has not confirmed free (the OfferRoundClosed job was lost). */
  async unreleasedRounds(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM offer_round WHERE closed_at IS NOT NULL AND seats_released_at IS NULL AND held > 0
       ORDER BY closed_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** The application with its open offer and the kindergartens closed to it now (loadChooser). */
  chooser(applicationId: string): Promise<Chooser> {
    return loadChooser(this.db.manager, applicationId, this.clock.now());
  }

  /** The child's open offer, if its window has not ended. */
  async currentOffer(applicationId: string, manager: EntityManager = this.db.manager): Promise<Offer | null> {
    const offer = await manager.getRepository(Offer).findOneBy({ applicationId, status: OfferStatus.OPEN });
    return offer && isCurrentOffer(offer, this.clock.now()) ? offer : null;
  }

  /**
   * The groups the child may choose now (R10, R11, R15): from its open offer the seats held for
   * its round and the free ones, from the queue (off the stop-list, old enough) the free ones;
   * minus kindergartens blocked after a revocation. Empty when the child may not choose.
   */
  async availableGroups(
    { app, offer, blocked }: Chooser & { app: Application },
    policy: PortalPolicy,
  ): Promise<string[]> {
    try {
      choiceOf(app, offer, this.clock.now(), policy);
    } catch (e) {
      if (isDomainError(e)) return [];
      throw e;
    }
    const round = offer ? await this.round(offer.roundId) : null;
    const groups = await this.vacancies.choosableGroups({
      areaId: app.queueAreaId,
      groupYear: app.groupYear,
      ...(round ? { offerRoundId: round.id } : {}),
    });
    const ids = groups.filter((g) => g.freeSeats > 0 || g.heldSeats > 0).map((g) => g.groupId);
    if (!blocked.size || !ids.length) return ids;
    const facts = await this.vacancies.groups(ids);
    const open = new Set(facts.filter((g) => !blocked.has(g.kindergarten.id)).map((g) => g.id));
    return ids.filter((id) => open.has(id));
  }

  /** The groups whose seats are held for an offer's round: what the offer lists (contract: Offer.groups). */
  async heldGroups(offer: Offer): Promise<string[]> {
    const round = await this.round(offer.roundId);
    if (!round) return [];
    const groups = await this.vacancies.choosableGroups({
      areaId: round.holdAreaId,
      groupYear: round.groupYear,
      offerRoundId: round.id,
    });
    return groups.filter((g) => g.heldSeats > 0).map((g) => g.groupId);
  }

  round(roundId: string, manager: EntityManager = this.db.manager): Promise<OfferRound | null> {
    return manager.getRepository(OfferRound).findOneBy({ id: roundId });
  }
}
