import { JobList } from '@kezek/jobs';
import { OutboxRoutes } from '@kezek/outbox';

export const QUEUE_SCHEMA = 'queue';

/**
 * Events of the queue outbox: each commits with the change that causes it. Payloads carry ids
 * and the small facts a subscriber needs to act without reading another service's rows; every
 * event about an application names its queue (areaId, groupYear) and privilege, so the fairness
 * ledger (why a number changed) can be derived from the events alone.
 */
export enum QueueEvent {
  /** { roundId, areaIds, groupYear, seats, offered, windowEndsAt } — R10: a round's offers exist. */
  OfferRoundOpened = 'OfferRoundOpened',
  /** { offerId, roundId, applicationId, place, areaId, groupYear, privilege, expiresAt } — R10: notify the parent. */
  OfferMade = 'OfferMade',
  /**
   * { offerId, roundId, applicationId, groupYear, reachedAt, expiresAt } — R10 with
   * `offerWindowFromDelivery`: the offer's notice reached the parent on a later day than it was
   * sent, so its window ends later than the notice said; the parent is told in-app.
   */
  OfferWindowMoved = 'OfferWindowMoved',
  /** { roundId, lapsed } — R11: the window ended; unchosen seats are free choice now. */
  OfferRoundClosed = 'OfferRoundClosed',
  /** { referralId, applicationId, offerId, groupId, areaId, groupYear, privilege, expiresAt } — R12. */
  ReferralIssued = 'ReferralIssued',
  /** { referralId, applicationId, expiresAt } — R14. */
  ReferralExtended = 'ReferralExtended',
  /** { referralId, applicationId, areaId, groupYear, privilege } — R15: back to the filing-instant place. */
  ReferralRevoked = 'ReferralRevoked',
  /** { referralId, applicationId, areaId, groupYear, privilege, stopListUntil, removed } — R16, R17. */
  ReferralExpired = 'ReferralExpired',
  /** { applicationId, areaId, groupYear, privilege } — R16: eligible again. */
  StopListReleased = 'StopListReleased',
  /** { referralId, applicationId, groupId, areaId, groupYear, privilege } — R19. */
  ChildEnrolled = 'ChildEnrolled',
  /**
   * { referralId, applicationId, areaId, groupYear, privilege, formerPrivilege, number, formerNumber,
   * stopListUntil } — R18: documents refused; the child is back in the general queue, re-registered.
   */
  PrivilegeRefused = 'PrivilegeRefused',
  /**
   * { applicationId, referralId, areaId, groupYear, privilege } — an operator removed the child from
   * the queue (REMOVED); referralId names the referral it cancelled, whose seat is to be freed.
   */
  ApplicationRemoved = 'ApplicationRemoved',
}

/**
 * Where each event goes. The queue's own inbox turns lifecycle events into work that must not
 * share the transaction: claims to commit or release at vacancies, deadlines to schedule; the
 * notifications inbox tells the parents.
 */
export const QUEUE_EVENT_ROUTES: OutboxRoutes = {
  [QueueEvent.OfferRoundOpened]: [JobList.QueueInbox],
  // R10: the parents of a round are notified; R11: free choice is not (no route).
  [QueueEvent.OfferMade]: [JobList.NotificationsInbox],
  [QueueEvent.OfferWindowMoved]: [JobList.NotificationsInbox],
  [QueueEvent.OfferRoundClosed]: [JobList.QueueInbox],
  [QueueEvent.ReferralIssued]: [JobList.QueueInbox, JobList.NotificationsInbox],
  [QueueEvent.ReferralExtended]: [JobList.QueueInbox, JobList.NotificationsInbox],
  [QueueEvent.ReferralRevoked]: [JobList.QueueInbox, JobList.NotificationsInbox],
  [QueueEvent.ReferralExpired]: [JobList.QueueInbox, JobList.NotificationsInbox],
  [QueueEvent.PrivilegeRefused]: [JobList.QueueInbox, JobList.NotificationsInbox],
  [QueueEvent.StopListReleased]: [JobList.NotificationsInbox],
  [QueueEvent.ChildEnrolled]: [JobList.NotificationsInbox],
  [QueueEvent.ApplicationRemoved]: [JobList.QueueInbox, JobList.NotificationsInbox],
};
