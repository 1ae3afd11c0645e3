import { JobList } from '@kezek/jobs';
import { TRACEPARENT_KEY } from './record-event';
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

  it("moves the recording request's traceparent from the stored payload to the job data", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const traced = { ...row('5', 'SeatClaimed'), payload: { n: 5, [TRACEPARENT_KEY]: traceparent } };
    const [job] = jobsByInbox(routes, [traced]).get(INBOX_A)!;
    expect(job.data.payload).toEqual({ n: 5 });
    expect(job.data.traceparent).toBe(traceparent);
  });
});
