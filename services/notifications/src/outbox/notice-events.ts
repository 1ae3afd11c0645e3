import { JobList } from '@kezek/jobs';
import { OutboxRoutes } from '@kezek/outbox';

export const NOTIFICATIONS_SCHEMA = 'notifications';

/** Events of the notifications outbox: each commits with the notice's outcome that causes it. */
export enum NoticeEvent {
  /**
   * { offerId, applicationId, reachedAt } — an offer's notice first reached the parent (sent or
   * delivered by e-mail or SMS; in-app does not count): R10's window may start then.
   */
  OfferNoticeReached = 'OfferNoticeReached',
}

/** The queue decides what a reach changes (offerWindowFromDelivery of the policy its round opened with). */
export const NOTICE_EVENT_ROUTES: OutboxRoutes = { [NoticeEvent.OfferNoticeReached]: [JobList.QueueInbox] };
