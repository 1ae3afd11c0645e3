import { JobList } from '@kezek/jobs';
import { jobsByInbox, OutboxRow } from './routes';

const row = (id: string, type: string): OutboxRow => ({
  id,
  event_id: `e-${id}`,
  type,
  aggregate_id: `a-${id}`,
  payload: { n: Number(id) },
  occurred_at: new Date('2026-01-05T04:00:00Z'),
});

// Two subscribers' inboxes: a route may name any queue.
const INBOX_A = 'outbox-test-a-inbox' as JobList;
const INBOX_B = 'outbox-test-b-inbox' as JobList;

describe('outbox routing', () => {
  const routes = {
    SeatsPublished: [INBOX_A, INBOX_B],
    SeatClaimed: [INBOX_A],
  };

  it('fans an event out to every subscriber inbox with the event id as job id', () => {
    const jobs = jobsByInbox(routes, [row('1', 'SeatsPublished'), row('2', 'SeatClaimed')]);
    expect(jobs.get(INBOX_A)!.map((j) => j.opts.jobId)).toEqual(['e-1', 'e-2']);
    expect(jobs.get(INBOX_B)).toEqual([
      {
        name: 'SeatsPublished',
        opts: { jobId: 'e-1' },
        data: {
          eventId: 'e-1',
          type: 'SeatsPublished',
          aggregateId: 'a-1',
          occurredAt: '2026-01-05T04:00:00.000Z',
          payload: { n: 1 },
        },
      },
    ]);
  });

  it('delivers an event without subscribers nowhere, not even through inherited keys', () => {
    expect(jobsByInbox(routes, [row('3', 'Unrouted'), row('4', 'constructor')]).size).toBe(0);
  });
});
