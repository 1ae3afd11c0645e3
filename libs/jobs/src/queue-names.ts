/**
 * Every BullMQ queue in one place (novu's habit). The owner service runs the worker; anyone may
 * produce. Payloads carry ids only; processors re-read the rows.
 */
export enum QueueName {
  /** Time-based rules of the vacancies service: expired seat holds and pending claims. */
  VacanciesDeadlines = 'vacancies-deadlines',
  /** Inbox of the queue service: outbox events of other services routed to it (fan-out). */
  QueueInbox = 'queue-inbox',
  /** Inbox of the notifications service: outbox events of other services routed to it (fan-out). */
  NotificationsInbox = 'notifications-inbox',
}
