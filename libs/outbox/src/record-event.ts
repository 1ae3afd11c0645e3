import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
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
 * Writes the event in the caller's transaction: the state change and its event commit or roll
 * back together. Returns the event id, which is also the BullMQ job id in every inbox.
 */
export async function recordEvent(manager: EntityManager, schema: string, event: OutboxEvent): Promise<string> {
  const eventId = randomUUID();
  await manager.query(
    `INSERT INTO ${checkedSchema(schema)}.outbox (event_id, type, aggregate_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
    [eventId, event.type, event.aggregateId, JSON.stringify(event.payload), event.occurredAt],
  );
  return eventId;
}
