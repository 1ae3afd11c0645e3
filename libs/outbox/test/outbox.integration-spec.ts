import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { JobList, Queues } from '@kezek/jobs';
import { ServiceConfig } from '@kezek/service-runtime';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { OutboxRelay, outboxTableSql, recordEvent } from '../src';

const SCHEMA = 'outbox_test';
// Two subscribers' inboxes of this test alone: a route may name any queue.
const INBOX_A = 'outbox-test-a-inbox' as JobList;
const INBOX_B = 'outbox-test-b-inbox' as JobList;

describe('outbox relay on real PostgreSQL and Redis', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let queues: Queues;
  let relay: OutboxRelay;
  const clock = new ManualClock();
  const routes = {
    SeatsPublished: [INBOX_A, INBOX_B],
    SeatClaimed: [INBOX_A],
  };

  const emit = (type: string, commit = true) =>
    db
      .transaction(async (tx) => {
        const id = await recordEvent(tx, SCHEMA, {
          type,
          aggregateId: 'g-1',
          payload: { groupId: 'g-1', count: 2 },
          occurredAt: clock.now(),
        });
        if (!commit) throw new Error('rolled back');
        return id;
      })
      .catch((e: Error) => (e.message === 'rolled back' ? null : Promise.reject(e)));
  const jobIds = async (inbox: JobList) =>
    (await queues.get(inbox).getJobs(['waiting', 'delayed', 'active', 'completed'])).map((j) => j.id).sort();
  const unpublished = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0].n);
  const recorded = async () => Number((await db.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox`))[0].n);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: testDb.url }).initialize();
    await db.query(`CREATE SCHEMA ${SCHEMA}`);
    await db.query(outboxTableSql(SCHEMA));
    queues = new Queues({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix() } as ServiceConfig);
    relay = new OutboxRelay(db, queues, clock, { schema: SCHEMA, routes, batchSize: 2 });
  });

  afterAll(async () => {
    await relay?.stop();
    await queues?.beforeApplicationShutdown();
    await db?.destroy();
    await testDb?.drop();
  });

  afterEach(async () => {
    await Promise.all([INBOX_A, INBOX_B].map((q) => queues.get(q).obliterate({ force: true })));
  });

  it('delivers a committed event once to each subscriber inbox and marks it published', async () => {
    const a = await emit('SeatsPublished');
    const b = await emit('SeatClaimed');
    const c = await emit('SeatsPublished');
    await relay.drain(); // batches of 2: the drain loops until the outbox is empty
    expect(await jobIds(INBOX_A)).toEqual([a, b, c].sort());
    expect(await jobIds(INBOX_B)).toEqual([a, c].sort());
    expect(await unpublished()).toBe(0);
    const job = await queues.get(INBOX_A).getJob(b!);
    expect(job?.name).toBe('SeatClaimed');
    expect(job?.data).toEqual({
      eventId: b,
      type: 'SeatClaimed',
      aggregateId: 'g-1',
      occurredAt: clock.now().toISOString(),
      payload: { groupId: 'g-1', count: 2 },
    });
  });

  it('marks an event without subscribers published and adds no job for it', async () => {
    const a = await emit('SeatsPublished');
    const unrouted = await emit('SeatEnrolled');
    await relay.drain();
    expect(await jobIds(INBOX_A)).toEqual([a]);
    expect(await jobIds(INBOX_B)).toEqual([a]);
    // Nothing to deliver, so nothing waits: the row stays as the record of the event.
    expect(await unpublished()).toBe(0);
    expect(
      (await db.query(`SELECT type FROM ${SCHEMA}.outbox WHERE event_id = $1`, [unrouted])).map(
        (r: { type: string }) => r.type,
      ),
    ).toEqual(['SeatEnrolled']);
  });

  it('delivers nothing for a rolled-back transaction', async () => {
    const before = await recorded();
    expect(await emit('SeatsPublished', false)).toBeNull();
    // The event went down with its transaction: not merely unrelayed, never written.
    expect(await recorded()).toBe(before);
    await relay.drain();
    expect(await jobIds(INBOX_A)).toEqual([]);
    expect(await unpublished()).toBe(0);
  });

  it('adds no second job when a crash lost the published mark and the event is relayed again', async () => {
    const a = await emit('SeatsPublished');
    await relay.drain();
    // The crash: the adds reached Redis but the transaction that marks the row never committed.
    await db.query(`UPDATE ${SCHEMA}.outbox SET published_at = NULL WHERE event_id = $1`, [a]);
    await relay.drain();
    expect(await jobIds(INBOX_A)).toEqual([a]);
    expect(await jobIds(INBOX_B)).toEqual([a]);
    expect(await unpublished()).toBe(0);
  });

  it('wakes on NOTIFY after a commit, without waiting for the sweep', async () => {
    await relay.start(testDb.url); // the sweep is 10 s: a delivery within the wait below came from LISTEN
    const a = await emit('SeatClaimed');
    const giveUpAt = Date.now() + 5000;
    while ((await jobIds(INBOX_A)).length === 0 && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 50));
    expect(await jobIds(INBOX_A)).toEqual([a]);
    await relay.stop();
  });
});
