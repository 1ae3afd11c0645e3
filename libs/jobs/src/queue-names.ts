/**
 * Every BullMQ queue in one place (novu's habit). The owner service runs the worker; anyone may
 * produce. Payloads carry ids only; processors re-read the rows.
 */
export enum QueueName {
  /** Time-based rules of the vacancies service: expired seat holds and pending claims. */
  VacanciesDeadlines = 'vacancies-deadlines',
  // A service's inbox of other services' outbox events (`<service>-inbox`) comes with its first processor.
}
