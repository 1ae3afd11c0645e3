/**
 * Every BullMQ job list in one place (novu's habit). BullMQ calls them queues; we keep "queue"
 * for the waiting list of children. The owner service runs the worker; anyone may produce.
 * Payloads carry ids only; processors re-read the rows.
 */
export enum JobList {
  /** The vacancies service's expiry of seat holds and pending claims (not legal deadlines). */
  VacanciesExpiry = 'vacancies-expiry',
  // A service's inbox of other services' outbox events (`<service>-inbox`) comes with its first processor.
}
