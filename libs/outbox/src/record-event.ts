import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { currentTraceparent } from '@kezek/tracing';
import { checkedSchema } from './outbox-table';

export interface OutboxEvent {
  type: string;
  /** The row the event is about (a group, a seat…), for ordering and tracing. */
  aggregateId: string;
  /** Ids and the event's small facts only: subscribers re-read what they need. */
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * The key under which a row's payload keeps the W3C traceparent of the request that recorded it
 * (tracing on only); the relay moves it to the job data, so subscribers never see it in the payload.
 */
export const TRACEPARENT_KEY = '_traceparent';

function storedPayload(payload: Record<string, unknown>, traceparent: string | undefined): string {
  return JSON.stringify(traceparent ? { ...payload, [TRACEPARENT_KEY]: traceparent } : payload);
}

/**
 * Writes the event in the caller's transaction: the state change and its event commit or roll
 * back together. Returns the event id, which is also the BullMQ job id in every inbox.
 */
export async function recordEvent(manager: EntityManager, schema: string, event: OutboxEvent): Promise<string> {
  const eventId = randomUUID();
  await manager.query(
    `INSERT INTO ${checkedSchema(schema)}.outbox (event_id, type, aggregate_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
    [eventId, event.type, event.aggregateId, storedPayload(event.payload, currentTraceparent()), event.occurredAt],
  );
  return eventId;
}

/** Many events in one statement (an offer round notifies thousands at once); returns their ids in order. */
export async function recordEvents(manager: EntityManager, schema: string, events: OutboxEvent[]): Promise<string[]> {
  if (!events.length) return [];
  const ids = events.map(() => randomUUID());
  const traceparent = currentTraceparent();
  await manager.query(
    `INSERT INTO ${checkedSchema(schema)}.outbox (event_id, type, aggregate_id, payload, occurred_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
    [
      ids,
      events.map((e) => e.type),
      events.map((e) => e.aggregateId),
      events.map((e) => storedPayload(e.payload, traceparent)),
      events.map((e) => e.occurredAt),
    ],
  );
  return ids;
}
