import { EntityManager } from 'typeorm';
import { recordEvent } from '@kezek/outbox';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { NoticeKind } from '../notification/models/notice-kind';
import { NOTIFICATIONS_SCHEMA, NoticeEvent } from '../outbox/notice-events';

/**
 * In the transaction that records notices sent or delivered: for each offer one of them is the
 * first notice of to reach the parent by e-mail or SMS, records the reach (one row per offer, so
 * a later channel or a re-driven send changes nothing) and OfferNoticeReached for the queue.
 */
export async function recordOfferReach(tx: EntityManager, noticeIds: readonly string[]): Promise<void> {
  // Two notices of one offer recorded together (its e-mail and SMS): the earlier reach counts.
  const reached: Array<{ offer_id: string; application_id: string; reached_at: Date }> = await tx.query(
    `INSERT INTO notifications.offer_reach (offer_id, application_id, notice_id, reached_at)
     SELECT DISTINCT ON (offer_id) offer_id, application_id, id, COALESCE(sent_at, delivered_at)
       FROM notifications.notification
      WHERE id = ANY($1::uuid[]) AND kind = '${NoticeKind.TURN_CAME}' AND offer_id IS NOT NULL
        AND application_id IS NOT NULL AND channel IN ('${Channel.EMAIL}', '${Channel.SMS}')
        AND status IN ('${DeliveryStatus.SENT}', '${DeliveryStatus.DELIVERED}')
      ORDER BY offer_id, COALESCE(sent_at, delivered_at), id
     ON CONFLICT (offer_id) DO NOTHING
     RETURNING offer_id, application_id, reached_at`,
    [noticeIds],
  );
  for (const r of reached)
    await recordEvent(tx, NOTIFICATIONS_SCHEMA, {
      type: NoticeEvent.OfferNoticeReached,
      aggregateId: r.offer_id,
      payload: { offerId: r.offer_id, applicationId: r.application_id, reachedAt: r.reached_at.toISOString() },
      occurredAt: r.reached_at,
    });
}
