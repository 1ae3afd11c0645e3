import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { validateInput } from '@kezek/validation';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { Offer } from '../offer/offer.entity';
import { ReferralStatus } from '../referral/models/referral-status.enum';
import { Referral } from '../referral/referral.entity';
import { Application } from './application.entity';
import { recordChange } from './history';
import { ApplicationStatus } from './models/application-status.enum';
import { assertRemovable, removalInput, REMOVED_BY_OPERATOR, REMOVED_FROM_QUEUE } from './removal.rules';

/**
 * An operator removes a child from the queue, giving a reason (R21: who, when, why in the
 * history). What the child held ends with it: an open offer as a withdrawal ends it (its held
 * seat goes to free choice with the window, R11), an issued referral as an expiry cancels it (its
 * seat released after the commit by the queue's inbox, the sweep of unreleased seats behind it).
 */
@Injectable()
export class RemovalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async remove(principal: Principal, portal: Portal, raw: unknown): Promise<Application> {
    const { applicationId, reason } = validateInput(removalInput, raw);
    return this.db.transaction(async (tx) => {
      const apps = tx.getRepository(Application);
      const app = await apps.findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      assertRemovable(app, principal, portal);
      // A retry (or a second operator) finds it removed: the first removal stands, nothing is recorded twice.
      if (app.status === ApplicationStatus.REMOVED) return app;
      const now = this.clock.now();
      await tx
        .getRepository(Offer)
        .update({ applicationId: app.id, status: OfferStatus.OPEN }, { status: OfferStatus.WITHDRAWN, closedAt: now });
      const referral = await tx.getRepository(Referral).findOne({
        where: { applicationId: app.id, status: ReferralStatus.ISSUED },
        lock: { mode: 'pessimistic_write' },
      });
      if (referral)
        await tx.getRepository(Referral).update(referral.id, {
          status: ReferralStatus.EXPIRED,
          closedAt: now,
          closeReason: REMOVED_FROM_QUEUE,
        });
      // Off the stop-list too: its release job then finds nothing to do.
      await apps.update(app.id, { status: ApplicationStatus.REMOVED, onStopListUntil: null, lastChangedAt: now });
      await recordChange(tx, app.id, {
        at: now,
        action: REMOVED_BY_OPERATOR,
        fromStatus: app.status,
        toStatus: ApplicationStatus.REMOVED,
        actor: principal.userId,
        reason,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.ApplicationRemoved,
        aggregateId: app.id,
        payload: {
          applicationId: app.id,
          referralId: referral?.id ?? null,
          areaId: app.queueAreaId,
          groupYear: app.groupYear,
          privilege: app.privilege,
        },
        occurredAt: now,
      });
      return apps.findOneByOrFail({ id: app.id });
    });
  }
}
