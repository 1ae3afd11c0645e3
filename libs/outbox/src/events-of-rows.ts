import { currentTraceparent } from '@kezek/tracing';
import { checkedSchema } from './outbox-table';
import { TRACEPARENT_KEY } from './record-event';
import { inboxesFor, OutboxRoutes } from './routes';

/** One event per row of a CTE of the caller's statement: what its payload and aggregate id are made of there. */
export interface EventsOfRows {
  type: string;
  /** The CTE (of the statement the INSERT joins) with one row per event: the rows the statement changed. */
  rows: string;
  /** SQL over those rows' columns: the aggregate id (text). */
  aggregateId: string;
  /** SQL over those rows' columns: the payload, a jsonb object of ids and small facts. */
  payload: string;
  occurredAt: Date;
  /**
   * The service's routes: an event of a type no route takes is recorded published (there is
   * nothing to deliver, as the relay would find) and wakes no relay.
   */
  routes: OutboxRoutes;
}

/**
 * The INSERT, for a data-modifying CTE, that records one event per row the statement changed: a
 * state change and its events in one statement, atomic without an explicit transaction. It writes
 * what `recordEvent` writes (a fresh event id, the traceparent when tracing), and its insert
 * trigger NOTIFYs the relay when the event has subscribers. Its values are appended to `params`,
 * whose placeholders it uses.
 */
export function eventsOfRowsSql(schema: string, events: EventsOfRows, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const traceparent = currentTraceparent();
  const payload = traceparent
    ? `(${events.payload}) || jsonb_build_object('${TRACEPARENT_KEY}', ${param(traceparent)}::text)`
    : events.payload;
  const occurredAt = `${param(events.occurredAt)}::timestamptz`;
  const publishedAt = inboxesFor(events.routes, events.type).length ? 'NULL::timestamptz' : occurredAt;
  return `INSERT INTO ${checkedSchema(schema)}.outbox (event_id, type, aggregate_id, payload, occurred_at, published_at)
    SELECT gen_random_uuid(), ${param(events.type)}::text, ${events.aggregateId}, ${payload}, ${occurredAt}, ${publishedAt}
      FROM ${events.rows}`;
}
