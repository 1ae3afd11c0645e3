import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { isDomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { Portals } from '@kezek/portals';
import { ClaimsApi, VacanciesApiClient } from '@kezek/vacancies-api';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { CalendarService } from '../calendar/calendar.service';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { ReferralStatus } from './models/referral-status.enum';
import { Referral } from './referral.entity';
import { afterExpiry } from './referral-expiry.rules';

/**
 * The referral's deadlines and its seat at vacancies: commit the claim once the referral has
 * committed, expire an unused referral (R16, R17), release the stop-list, free a seat. Each
 * re-reads its row and does nothing when the state has moved on, so a delayed job, the sweeper
 * and a redelivered event may all arrive: the first does the work, the others nothing.
 */
@Injectable()
export class ReferralExpiryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly portals: Portals,
    private readonly calendar: CalendarService,
    private readonly vacancies: VacanciesApiClient,
  ) {}

  /** The second phase of the claim: the seat stays the referral's (vacancies frees a claim never committed). */
  async commitClaim(referralId: string): Promise<void> {
    const referral = await this.db.getRepository(Referral).findOneBy({ id: referralId });
    if (!referral || referral.claimCommittedAt || referral.status !== ReferralStatus.ISSUED) return;
    await this.vacancies.call(ClaimsApi.commit, { referralId });
    await this.db.query(`UPDATE referral SET claim_committed_at = $2 WHERE id = $1 AND claim_committed_at IS NULL`, [
      referralId,
      this.clock.now(),
    ]);
  }

  /** Frees the seat of a referral that ended without enrolment; a seat already free is fine. */
  async releaseSeat(referralId: string): Promise<void> {
    try {
      await this.vacancies.call(ClaimsApi.release, { referralId });
    } catch (e) {
      // A referral whose claim vacancies already freed (or never recorded) holds no seat: done.
      if (!isDomainError(e) || e.code !== 'NOT_FOUND') throw e;
    }
    await this.db.query(`UPDATE referral SET seat_released_at = $2 WHERE id = $1 AND seat_released_at IS NULL`, [
      referralId,
      this.clock.now(),
    ]);
  }

  /**
   * R16, R17: a referral still ISSUED after its expiry is cancelled; the child goes back to its
   * place in the queue on the stop-list, or out of the queue at the policy's count of misses.
   */
  async expire(referralId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const referral = await tx
        .getRepository(Referral)
        .findOne({ where: { id: referralId }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!referral || referral.status !== ReferralStatus.ISSUED || now <= referral.expiresAt) return false;
      const app = await tx
        .getRepository(Application)
        .findOneOrFail({ where: { id: referral.applicationId }, lock: { mode: 'pessimistic_write' } });
      const policy = this.portals.find(app.portalId)!.policy;
      const next = afterExpiry(app.missedReferrals, policy);
      // The stop-list counts from the deadline that was missed, however late the sweep.
      const stopListUntil = next.removed
        ? null
        : await this.calendar.workingDaysDeadline(referral.expiresAt, policy.stopListWorkingDays, tx);
      await tx.getRepository(Referral).update(referral.id, {
        status: ReferralStatus.EXPIRED,
        closedAt: now,
        closeReason: 'EXPIRED_UNUSED',
      });
      await tx.getRepository(Application).update(app.id, {
        status: next.status,
        missedReferrals: next.missedReferrals,
        onStopListUntil: stopListUntil,
        lastChangedAt: now,
      });
      await recordChange(tx, app.id, {
        at: now,
        action: next.removed ? 'REMOVED_AFTER_EXPIRED_REFERRALS' : 'REFERRAL_EXPIRED',
        fromStatus: app.status,
        toStatus: next.status,
        actor: 'system',
        reason: next.removed
          ? `${referral.number} expired unused: ${next.missedReferrals} referrals expired unused`
          : `${referral.number} expired unused: on the stop-list until ${stopListUntil!.toISOString()}`,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.ReferralExpired,
        aggregateId: app.id,
        payload: {
          referralId: referral.id,
          applicationId: app.id,
          areaId: app.queueAreaId,
          groupYear: app.groupYear,
          privilege: app.privilege,
          stopListUntil: stopListUntil?.toISOString() ?? null,
          removed: next.removed,
        },
        occurredAt: now,
      });
      return true;
    });
  }

  /** R16: the stop-list has ended: the child may get offers and free choice again (its place is unchanged). */
  async releaseStopList(applicationId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const app = await tx
        .getRepository(Application)
        .findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!app?.onStopListUntil || now <= app.onStopListUntil) return false;
      await tx.getRepository(Application).update(app.id, { onStopListUntil: null, lastChangedAt: now });
      await recordChange(tx, app.id, {
        at: now,
        action: 'STOP_LIST_RELEASED',
        fromStatus: app.status,
        toStatus: app.status,
        actor: 'system',
        reason: `on the stop-list until ${app.onStopListUntil.toISOString()}`,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.StopListReleased,
        aggregateId: app.id,
        payload: { applicationId: app.id, areaId: app.queueAreaId, groupYear: app.groupYear, privilege: app.privilege },
        occurredAt: now,
      });
      return true;
    });
  }

  /** The sweeper's lists: what is overdue now, oldest first. */
  async overdue(limit: number): Promise<{ referrals: string[]; stopLists: string[]; uncommitted: string[] }> {
    const now = this.clock.now();
    const ids = async (sql: string, params: unknown[]) =>
      ((await this.db.query(sql, params)) as Array<{ id: string }>).map((r) => r.id);
    return {
      referrals: await ids(
        `SELECT id FROM referral WHERE status = '${ReferralStatus.ISSUED}' AND expires_at < $1 ORDER BY expires_at LIMIT $2`,
        [now, limit],
      ),
      stopLists: await ids(
        `SELECT id FROM application WHERE on_stop_list_until < $1 ORDER BY on_stop_list_until LIMIT $2`,
        [now, limit],
      ),
      // A claim not committed a minute after its referral: the ReferralIssued event was lost or failed.
      uncommitted: await ids(
        `SELECT id FROM referral WHERE claim_committed_at IS NULL AND status = '${ReferralStatus.ISSUED}'
           AND issued_at < $1 ORDER BY issued_at LIMIT $2`,
        [new Date(now.getTime() - 60_000), limit],
      ),
    };
  }
  /** Revoked or expired referrals whose seat vacancies has not confirmed free (the event's job was lost). */
  async unreleased(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM referral WHERE status IN ('${ReferralStatus.REVOKED}', '${ReferralStatus.EXPIRED}')
         AND seat_released_at IS NULL ORDER BY closed_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }
}
