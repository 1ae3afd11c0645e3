import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ManualClock } from '@kezek/clock';
import { JobList } from '@kezek/jobs';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, startApp, testConfig } from '@kezek/testing';
import { ClaimService } from '../src/claim/claim.service';
import { vacanciesData } from '../src/data-source';
import { SeatRepository } from '../src/seat/seat.repository';
import { WorkerModule } from '../src/worker';
import { freeSeats, kindergartenWithGroup } from './fixtures';

describe('vacancies worker on real PostgreSQL and Redis', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Awaited<ReturnType<ReturnType<typeof createDataSource>['initialize']>>;
  let worker: Awaited<ReturnType<typeof startApp>>;
  let config: ReturnType<typeof testConfig>;
  const queue = (name: JobList) =>
    new Queue(name, { connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX });
  /** The events of a type in vacancies.outbox once the worker's relay has marked them all published. */
  const relayed = async (type: string) => {
    const giveUpAt = Date.now() + 10_000;
    const unpublished = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n as number;
    while ((await unpublished()) > 0 && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 50));
    expect(await unpublished()).toBe(0);
    return (await db.query(`SELECT payload FROM outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { payload: unknown }) => r.payload,
    );
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(vacanciesData, testDb.url).initialize();
    await db.query(
      `INSERT INTO region VALUES ('astana', 'a', 'a'); INSERT INTO district VALUES ('astana-esil', 'astana', 'e', 'e')`,
    );
    config = testConfig({ name: 'vacancies', role: 'worker' }, testDb.url);
    // A deployment from before pending claims expired had its scheduler under another id.
    const legacy = queue(JobList.VacanciesExpiry);
    await legacy.upsertJobScheduler(
      'release-expired-holds',
      { every: 60_000 },
      { name: 'release-expired-holds', data: {} },
    );
    await legacy.close();
    worker = await startApp(WorkerModule.forRoot({ clock, config }));
  });
  afterAll(async () => {
    await worker?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  // Seat events have no subscriber yet (seat/seat-events.ts): the relay marks them published and
  // adds no job. Delivery to subscribers' inboxes is proven by libs/outbox's own tests.
  it('relays a claim (no subscriber: published, no job) and schedules the expiry reconciler in place of the old one', async () => {
    const { groupId } = await kindergartenWithGroup(db);
    await freeSeats(db, groupId, 1, clock.now());
    const { seat } = await new ClaimService(db, clock, new SeatRepository()).claim({ referralId: 'ref-w', groupId });

    const expiryJobs = queue(JobList.VacanciesExpiry);
    try {
      expect(await relayed('SeatClaimed')).toEqual([
        { seatId: seat.seatId, groupId, referralId: 'ref-w', offerRoundId: null },
      ]);
      // Nothing piles up in Redis: this file's prefix holds the expiry job list alone.
      const redis = new Redis(config.REDIS_URL);
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`).finally(() => redis.disconnect());
      expect(keys.filter((k) => !k.startsWith(`${config.QUEUE_PREFIX}:${JobList.VacanciesExpiry}:`))).toEqual([]);
      expect((await expiryJobs.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['release-expired', 60_000]]);
    } finally {
      await expiryJobs.close();
    }
  });

  it('frees a claim left pending past its TTL when the reconciler runs, and relays SeatsReleased', async () => {
    const { groupId } = await kindergartenWithGroup(db);
    await freeSeats(db, groupId, 1, clock.now());
    await new ClaimService(db, clock, new SeatRepository()).claim({
      referralId: 'ref-crashed',
      groupId,
      ttlSeconds: 60,
    });
    clock.advance(60_000);

    const expiryJobs = queue(JobList.VacanciesExpiry);
    try {
      const job = await expiryJobs.add('release-expired', {}, { jobId: 'release-expired-now' });
      const giveUpAt = Date.now() + 10_000;
      while (!(await job.isCompleted()) && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 50));
      expect(await job.isCompleted()).toBe(true);
      expect(
        (await db.query(`SELECT status FROM seat WHERE group_id = $1`, [groupId])).map(
          (r: { status: string }) => r.status,
        ),
      ).toEqual(['FREE']);

      expect(await relayed('SeatsReleased')).toEqual([
        { groupId, count: 1, reason: 'CLAIM_EXPIRED', referralId: 'ref-crashed' },
      ]);
    } finally {
      await expiryJobs.close();
    }
  });
});
