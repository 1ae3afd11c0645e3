/**
 * Every BullMQ job list in one place (novu's habit). BullMQ calls them queues; we keep "queue"
 * for the waiting list of children. The owner service runs the worker; anyone may produce.
 * Payloads carry ids only; processors re-read the rows.
 */
export enum JobList {
  /** The vacancies service's expiry of seat holds and pending claims (not legal deadlines). */
  VacanciesExpiry = 'vacancies-expiry',
  /** The queue service's inbox: vacancies' seat events and the queue's own lifecycle events. */
  QueueInbox = 'queue-inbox',
  /** The queue service's deadlines (R10 offer window, R13 referral expiry, R16 stop-list release) and its sweeper. */
  QueueDeadlines = 'queue-deadlines',
  /** The notifications service's inbox: the queue's lifecycle events that a parent is told about. */
  NotificationsInbox = 'notifications-inbox',
  /** The notifications service's sends (one job per notice and channel), its reminders and its sweeper. */
  NotificationsDelivery = 'notifications-delivery',
}
