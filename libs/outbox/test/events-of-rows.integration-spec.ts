import { Client, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { JobList, Queues } from '@kezek/jobs';
import { ServiceConfig } from '@kezek/service-runtime';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { currentTraceparent } from '@kezek/tracing';
import {
  eventsOfRowsSql,
  OutboxRelay,
  OutboxRoutes,
  outboxChannel,
  outboxTableSql,
  recordEvent,
  TRACEPARENT_KEY,
} from '../src';

jest.mock('@kezek/tracing', () => ({ ...jest.requireActual('@kezek/tracing'), currentTraceparent: jest.fn() }));

const SCHEMA = 'outbox_rows_test';
const INBOX = 'outbox-rows-test-inbox' as JobList;
const ROUTES = { ItemTaken: [INBOX] };

describe('events of the rows a statement changed (eventsOfRowsSql) on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let queues: Queues;
  const clock = new ManualClock('2026-03-02T05:00:00Z');

  /** Takes the free items of a box and records one ItemTaken per item, in one statement. */
  const take = (box: string, { failAfter = false, routes = ROUTES as OutboxRoutes } = {}) => {
    const params: unknown[] = [box];
    const event = eventsOfRowsSql(
      SCHEMA,
      {
        type: 'ItemTaken',
        rows: 'taken',
        aggregateId: 'box',
        payload: `jsonb_build_object('itemId', id, 'box', box)`,
        occurredAt: clock.now(),
        routes,
      },
      params,
    );
    return db.query(
      `WITH taken AS (UPDATE ${SCHEMA}.item SET taken = true WHERE box = $1 AND NOT taken RETURNING id, box),
            event AS (${event})
       SELECT id, ${failAfter ? '1 / 0' : '1'} AS one FROM taken ORDER BY id`,
      params,
    );
  };
  const rows = () =>
    db.query(
      `SELECT event_id AS "eventId", type, aggregate_id AS "aggregateId", payload, occurred_at AS "occurredAt", published_at AS "publishedAt" FROM ${SCHEMA}.outbox ORDER BY id`,
    );

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: testDb.url }).initialize();
    await db.query(`CREATE SCHEMA ${SCHEMA}`);
    await db.query(outboxTableSql(SCHEMA));
    await db.query(`CREATE TABLE ${SCHEMA}.item (id int PRIMARY KEY, box text NOT NULL, taken boolean NOT NULL)`);
    queues = new Queues({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix() } as ServiceConfig);
  });

  beforeEach(async () => {
    jest.mocked(currentTraceparent).mockReturnValue(undefined);
    await db.query(`TRUNCATE ${SCHEMA}.outbox, ${SCHEMA}.item`);
    await db.query(`INSERT INTO ${SCHEMA}.item VALUES (1, 'a', false), (2, 'a', false), (3, 'b', false)`);
  });

  afterAll(async () => {
    await queues?.get(INBOX).obliterate({ force: true });
    await queues?.beforeApplicationShutdown();
    await db?.destroy();
    await testDb?.drop();
  });

  it('records one event per changed row with that row’s facts, each with its own id', async () => {
    expect(await take('a')).toEqual([
      { id: 1, one: 1 },
      { id: 2, one: 1 },
    ]);
    const recorded = await rows();
    expect(recorded).toEqual([
      {
        eventId: expect.any(String),
        type: 'ItemTaken',
        aggregateId: 'a',
        payload: { itemId: 1, box: 'a' },
        occurredAt: clock.now(),
        publishedAt: null,
      },
      {
        eventId: expect.any(String),
        type: 'ItemTaken',
        aggregateId: 'a',
        payload: { itemId: 2, box: 'a' },
        occurredAt: clock.now(),
        publishedAt: null,
      },
    ]);
    expect(recorded[0].eventId).not.toBe(recorded[1].eventId);
    // A second take changes nothing, so it records nothing.
    expect(await take('a')).toEqual([]);
    expect(await rows()).toHaveLength(2);
  });

  it('records nothing when the statement fails after the change: change and event are one statement', async () => {
    await expect(take('a', { failAfter: true })).rejects.toThrow(/division by zero/);
    expect(await rows()).toEqual([]);
    expect((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.item WHERE taken`))[0].n).toBe(0);
  });

  it('keeps the traceparent where recordEvent does, and the relay delivers the event by its id', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    jest.mocked(currentTraceparent).mockReturnValue(traceparent);
    await take('b');
    await db.transaction((tx) =>
      recordEvent(tx, SCHEMA, {
        type: 'ItemTaken',
        aggregateId: 'b',
        payload: { itemId: 3, box: 'b' },
        occurredAt: clock.now(),
      }),
    );
    const [ofRows, recorded] = await rows();
    expect(ofRows.payload).toEqual({ itemId: 3, box: 'b', [TRACEPARENT_KEY]: traceparent });
    expect(ofRows.payload).toEqual(recorded.payload);

    const relay = new OutboxRelay(db, queues, clock, { schema: SCHEMA, routes: { ItemTaken: [INBOX] } });
    await relay.drain();
    const job = await queues.get(INBOX).getJob(ofRows.eventId);
    expect(job?.data).toMatchObject({ eventId: ofRows.eventId, payload: { itemId: 3, box: 'b' }, traceparent });
  });

  it('wakes the relay only for events with subscribers, recording the others published', async () => {
    const listener = new Client({ connectionString: testDb.url });
    await listener.connect();
    const heard: Notification[] = [];
    listener.on('notification', (n) => heard.push(n));
    await listener.query(`LISTEN ${outboxChannel(SCHEMA)}`);
    // A NOTIFY reaches the listener after its commit; a round trip on the listener lets it arrive.
    const notified = async () => {
      await new Promise((r) => setTimeout(r, 100));
      await listener.query('SELECT 1');
      return heard.splice(0).length;
    };
    try {
      await take('a', { routes: {} });
      expect(await notified()).toBe(0);
      expect((await rows()).map((r: { publishedAt: Date | null }) => r.publishedAt)).toEqual([
        clock.now(),
        clock.now(),
      ]);
      await take('a'); // nothing left to take: nothing recorded
      expect(await notified()).toBe(0);

      await take('b');
      expect(await notified()).toBe(1);
      expect((await rows())[2].publishedAt).toBeNull();
      await db.transaction((tx) =>
        recordEvent(tx, SCHEMA, { type: 'ItemTaken', aggregateId: 'b', payload: {}, occurredAt: clock.now() }),
      );
      expect(await notified()).toBe(1);
    } finally {
      await listener.end();
    }
  });
});
