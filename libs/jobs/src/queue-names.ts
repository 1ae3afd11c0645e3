/**
 * Every BullMQ queue in one place (novu's habit): `<owner>.<purpose>`. The owner service runs
 * the worker; anyone may produce. Payloads carry ids only; processors re-read the rows.
 */
export enum QueueName {
  /** Events the vacancies service publishes through its outbox (seats published/claimed/released). */
  VacanciesEvents = 'vacancies-events',
  /** Events the queue service publishes through its outbox (application and referral changes). */
  QueueEvents = 'queue-events',
  /** Deliveries of e-mail, SMS and in-app notifications. */
  NotificationsDelivery = 'notifications-delivery',
  /** Time-based rules of the vacancies service: stale seat holds. */
  VacanciesDeadlines = 'vacancies-deadlines',
  /** Time-based rules of the queue service: offer and referral expiry, stop-list release. */
  QueueDeadlines = 'queue-deadlines',
  /** Inbox of the queue service: outbox events of other services routed to it (fan-out). */
  QueueInbox = 'queue-inbox',
  /** Inbox of the notifications service: outbox events of other services routed to it (fan-out). */
  NotificationsInbox = 'notifications-inbox',
}
