import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { JobList, Queues } from '@kezek/jobs';
import { ServiceConfig } from '@kezek/service-runtime';
import { createTestDatabase, CuttableProxy, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { OutboxRelay, outboxTableSql, recordEvent } from '../src';

const SCHEMA = 'outbox_listener_test';
const INBOX = 'outbox-listener-test-inbox' as JobList;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (await check()) return true;
    await sleep(25);
  }
  return check();
}

describe('outbox relay listener through PostgreSQL outages', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let queues: Queues;
  let proxy: CuttableProxy;
  let relay: OutboxRelay;
  const clock = new ManualClock();

  const emit = () =>
    db.transaction((tx) =>
      recordEvent(tx, SCHEMA, { type: 'SeatClaimed', aggregateId: 'g-1', payload: {}, occurredAt: clock.now() }),
    );
  const delivered = async (id: string) => (await queues.get(INBOX).getJob(id)) !== undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: testDb.url }).initialize();
    await db.query(`CREATE SCHEMA ${SCHEMA}`);
    await db.query(outboxTableSql(SCHEMA));
    queues = new Queues({ REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix() } as ServiceConfig);
    const proxied = await CuttableProxy.inFrontOf(testDb.url);
    proxy = proxied.proxy;
    // The sweep never runs during the test: whatever arrives came through LISTEN/NOTIFY.
    relay = new OutboxRelay(db, queues, clock, {
      schema: SCHEMA,
      routes: { SeatClaimed: [INBOX] },
      sweepMs: 600_000,
      reconnectMs: { min: 50, max: 200 },
    });
    await relay.start(proxied.url);
  });

  afterAll(async () => {
    await relay?.stop();
    await proxy?.close();
    await queues?.get(INBOX).obliterate({ force: true });
    await queues?.beforeApplicationShutdown();
    await db?.destroy();
    await testDb?.drop();
  });

  it('reconnects after several outages longer than a second and relays the next event at once', async () => {
    expect(relay.listenerStatus()).toEqual({ up: true });
    for (let outage = 0; outage < 3; outage++) {
      await proxy.cut();
      expect(await until(() => !relay.listenerStatus().up, 2000)).toBe(true);
      await sleep(1300); // longer than the old single retry, several reconnect attempts refused
      expect(relay.listenerStatus()).toEqual({ up: false, message: expect.any(String) });
      await proxy.restore();
      expect(await until(() => relay.listenerStatus().up, 3000)).toBe(true);
    }
    const id = await emit();
    expect(await until(() => delivered(id), 2000)).toBe(true);
  });

  it('relays what was committed while the listener was down as soon as it is back', async () => {
    await proxy.cut();
    expect(await until(() => !relay.listenerStatus().up, 2000)).toBe(true);
    const id = await emit(); // its NOTIFY is lost: nobody listens
    await sleep(1200);
    expect(await delivered(id)).toBe(false);
    await proxy.restore();
    expect(await until(() => delivered(id), 3000)).toBe(true);
  });

  it('stays down after stop', async () => {
    await relay.stop();
    expect(relay.listenerStatus()).toEqual({ up: false, message: 'stopped' });
  });
});
