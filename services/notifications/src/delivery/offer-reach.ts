import { eventsOfRowsSql } from '@kezek/outbox';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { NoticeKind } from '../notification/models/notice-kind';
import { NOTICE_EVENT_ROUTES, NOTIFICATIONS_SCHEMA, NoticeEvent } from '../outbox/notice-events';

/**
 * The CTEs that follow an `updated` CTE of notices just recorded (their id, kind, offer_id,
 * application_id, channel, status, sent_at, delivered_at): for each offer one of them is the first
 * notice of to reach the parent by e-mail or SMS, the reach (one row per offer, so a later channel
 * or a re-driven send changes nothing) and OfferNoticeReached for the queue, in the same statement.
 * Two notices of one offer recorded together (its e-mail and SMS): the earlier reach counts.
 */
export function offerReachSql(params: unknown[], now: Date): string {
  const reached = `INSERT INTO notifications.offer_reach (offer_id, application_id, notice_id, reached_at)
     SELECT DISTINCT ON (offer_id) offer_id, application_id, id, COALESCE(sent_at, delivered_at)
       FROM updated
      WHERE kind = '${NoticeKind.TURN_CAME}' AND offer_id IS NOT NULL AND application_id IS NOT NULL
        AND channel IN ('${Channel.EMAIL}', '${Channel.SMS}')
        AND status IN ('${DeliveryStatus.SENT}', '${DeliveryStatus.DELIVERED}')
      ORDER BY offer_id, COALESCE(sent_at, delivered_at), id
     ON CONFLICT (offer_id) DO NOTHING
     RETURNING offer_id, application_id, reached_at`;
  const event = eventsOfRowsSql(
    NOTIFICATIONS_SCHEMA,
    {
      type: NoticeEvent.OfferNoticeReached,
      rows: 'reached',
      aggregateId: 'offer_id::text',
      // reachedAt as toISOString writes it (UTC, milliseconds), as the queue reads it.
      payload: `jsonb_build_object('offerId', offer_id, 'applicationId', application_id,
        'reachedAt', to_char(reached_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
      occurredAt: now,
      routes: NOTICE_EVENT_ROUTES,
    },
    params,
  );
  return `reached AS (${reached}), reach_event AS (${event})`;
}
