import { JobList } from '@kezek/jobs';
import { TRACEPARENT_KEY } from './record-event';

/** Event type → the inbox queues of its subscribers (fan-out: each gets its own copy). */
export type OutboxRoutes = Readonly<Record<string, readonly JobList[]>>;

/** An event nobody subscribes to is still marked published: there is nothing to deliver. */
export function inboxesFor(routes: OutboxRoutes, type: string): readonly JobList[] {
  return Object.prototype.hasOwnProperty.call(routes, type) ? routes[type] : [];
}

export interface OutboxRow {
  id: string;
  event_id: string;
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/** The job data every subscriber receives. */
export interface OutboxJobData {
  eventId: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  /** W3C trace context of the request that recorded the event, when tracing was on: the subscriber's span continues it. */
  traceparent?: string;
}

/** Groups rows into one job list per inbox; the job id is the event id so a re-add is a no-op. */
export function jobsByInbox(
  routes: OutboxRoutes,
  rows: OutboxRow[],
): Map<JobList, Array<{ name: string; data: OutboxJobData; opts: { jobId: string } }>> {
  const out = new Map<JobList, Array<{ name: string; data: OutboxJobData; opts: { jobId: string } }>>();
  for (const row of rows) {
    const { [TRACEPARENT_KEY]: traceparent, ...payload } = row.payload;
    const data: OutboxJobData = {
      eventId: row.event_id,
      type: row.type,
      aggregateId: row.aggregate_id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload,
      ...(typeof traceparent === 'string' && { traceparent }),
    };
    for (const inbox of inboxesFor(routes, row.type)) {
      const list = out.get(inbox) ?? [];
      list.push({ name: row.type, data, opts: { jobId: row.event_id } });
      out.set(inbox, list);
    }
  }
  return out;
}
