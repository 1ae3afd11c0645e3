import { Client } from 'pg';
import { demoPerson } from '@kezek/demo';
import {
  gql,
  ReplicatedPostgres,
  replicationUnavailable,
  startReplicatedPostgres,
  testQueuePrefix,
  testRedisUrl,
  tokenFor,
} from '@kezek/testing';
import { seedAll } from '../dev/seed';
import { Stack, startStack } from '../dev/stack';
import { migrateAll } from '../migrate/migrate';

const unavailable = replicationUnavailable();
if (unavailable) console.warn(`replica e2e skipped: ${unavailable}`);

/**
 * Analytics on a real streaming replica: the whole graph on a primary whose replica
 * (pg_basebackup -R) every service is given as DATABASE_REPLICA_URLS. Statistics are read there
 * and say so with the replica's lag; with the replica stopped they still answer, from the primary,
 * flagged — while the parent's own reads never left the primary.
 */
(unavailable ? describe.skip : describe)('analytics on a streaming read replica', () => {
  let pair: ReplicatedPostgres;
  let stack: Stack;
  const STATS = `query { queueStatistics(regionId: "astana") { source lagSeconds replicaUnavailable rows { areaId groupYear privilege inQueue } } }`;
  const OPEN = `query { openQueueStatistics(regionId: "astana") { source lagSeconds rows { groupYear waiting } } }`;
  // Vacancies' and notifications' operator statistics read through the same AnalyticsReader.
  const OTHERS = `query { seatFill(regionId: "astana") { source lagSeconds replicaUnavailable rows { capacity } }
    notificationDeliveryRates(regionId: "astana", from: "2020-01-01T00:00:00+05:00", to: "2100-01-01T00:00:00+05:00") {
      source lagSeconds replicaUnavailable } }`;
  type Others = Record<'seatFill' | 'notificationDeliveryRates', { source: string; lagSeconds: number | null }>;
  const as = async (key: string) => {
    const p = demoPerson(key);
    return {
      authorization: `Bearer ${await tokenFor({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes })}`,
      'x-kezek-portal': 'astana',
    };
  };
  const count = async (url: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(`SELECT count(*)::int AS n FROM queue.application`)).rows[0].n as number;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    pair = await startReplicatedPostgres();
    const admin = new Client({ connectionString: pair.primaryUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE kezek');
    await admin.end();
    const primary = pair.primaryUrl.replace(/\/postgres$/, '/kezek');
    await migrateAll(primary);
    await seedAll(primary, new Date());
    stack = await startStack({
      databaseUrl: primary,
      redisUrl: testRedisUrl(),
      jwtPublicKeyPem: process.env.AUTH_JWT_PUBLIC_KEY!,
      jwtPrivateKeyPem: process.env.AUTH_JWT_PRIVATE_KEY!,
      ports: 'free',
      workers: false,
      gateway: true,
      queuePrefix: testQueuePrefix(),
      env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_REPLICA_URLS: pair.replicaUrlOf('kezek') },
      onLine: () => undefined,
    });
    // The replica has replayed the demo data before the first question.
    const expected = await count(primary);
    for (let i = 0; (await count(pair.replicaUrlOf('kezek'))) !== expected; i++) {
      if (i > 100) throw new Error('the replica did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    pair?.stop();
  });

  it('reads statistics on the replica and says how far behind it is', async () => {
    const res = await gql<{ queueStatistics: { source: string; lagSeconds: number; rows: unknown[] } }>(
      stack.gatewayUrl!,
      STATS,
      {},
      await as('admin'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.queueStatistics).toMatchObject({ source: 'REPLICA', replicaUnavailable: false });
    expect(res.data!.queueStatistics.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(res.data!.queueStatistics.rows.length).toBeGreaterThan(0);
    const open = await gql<{ openQueueStatistics: { source: string } }>(
      stack.gatewayUrl!,
      OPEN,
      {},
      { 'x-kezek-portal': 'astana' },
    );
    expect(open.data!.openQueueStatistics.source).toBe('REPLICA');
    const others = await gql<Others>(stack.gatewayUrl!, OTHERS, {}, await as('admin'));
    expect(others.errors).toBeUndefined();
    for (const answer of Object.values(others.data!)) {
      expect(answer).toMatchObject({ source: 'REPLICA', replicaUnavailable: false });
      expect(answer.lagSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers from the primary, flagged, when the replica is down — the same figures', async () => {
    const before = (
      await gql<{ queueStatistics: { rows: unknown[] } }>(stack.gatewayUrl!, STATS, {}, await as('admin'))
    ).data!.queueStatistics.rows;
    pair.stopReplica();
    const res = await gql<{ queueStatistics: { rows: unknown[] } }>(stack.gatewayUrl!, STATS, {}, await as('admin'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.queueStatistics).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: true });
    expect(res.data!.queueStatistics.rows).toEqual(before);
    const others = await gql<Others>(stack.gatewayUrl!, OTHERS, {}, await as('admin'));
    for (const answer of Object.values(others.data!))
      expect(answer).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: true });
    // A parent's own reads never depended on the replica.
    const mine = await gql<{ myApplications: { totalCount: number } }>(
      stack.gatewayUrl!,
      '{ myApplications { totalCount } }',
      {},
      await as('aigerim'),
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myApplications.totalCount).toBeGreaterThan(0);
  });
});
