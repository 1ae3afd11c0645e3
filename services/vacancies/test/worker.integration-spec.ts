import { Queue } from 'bullmq';
import { ManualClock } from '@kezek/clock';
import { QueueName } from '@kezek/jobs';
import { createDataSource } from '@kezek/subgraph';
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
  const queue = (name: QueueName) =>
    new Queue(name, { connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(vacanciesData, testDb.url).initialize();
    await db.query(
      `INSERT INTO region VALUES ('astana', 'a', 'a'); INSERT INTO district VALUES ('astana-esil', 'astana', 'e', 'e')`,
    );
    config = testConfig({ name: 'vacancies', role: 'worker' }, testDb.url);
    // A deployment from before pending claims expired had its scheduler under another id.
    const legacy = queue(QueueName.VacanciesDeadlines);
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

  it('relays a claim to the queue inbox and schedules the expiry reconciler in place of the old one', async () => {
    const { groupId } = await kindergartenWithGroup(db);
    await freeSeats(db, groupId, 1, clock.now());
    const { seat } = await new ClaimService(db, clock, new SeatRepository()).claim({ referralId: 'ref-w', groupId });

    const inbox = queue(QueueName.QueueInbox);
    const deadlines = queue(QueueName.VacanciesDeadlines);
    try {
      const deadline = Date.now() + 10_000;
      let jobs = await inbox.getJobs(['waiting']);
      while (jobs.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        jobs = await inbox.getJobs(['waiting']);
      }
      expect(jobs.map((j) => [j.name, j.data.payload])).toEqual([
        ['SeatClaimed', { seatId: seat.seatId, groupId, referralId: 'ref-w', offerRoundId: null }],
      ]);
      expect((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n).toBe(0);
      expect((await deadlines.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['release-expired', 60_000]]);
    } finally {
      await Promise.all([inbox.close(), deadlines.close()]);
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

    const deadlines = queue(QueueName.VacanciesDeadlines);
    const inbox = queue(QueueName.QueueInbox);
    try {
      const job = await deadlines.add('release-expired', {}, { jobId: 'release-expired-now' });
      const deadline = Date.now() + 10_000;
      while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await job.isCompleted()).toBe(true);
      expect(
        (await db.query(`SELECT status FROM seat WHERE group_id = $1`, [groupId])).map(
          (r: { status: string }) => r.status,
        ),
      ).toEqual(['FREE']);

      let released = (await inbox.getJobs(['waiting'])).filter((j) => j.name === 'SeatsReleased');
      while (released.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        released = (await inbox.getJobs(['waiting'])).filter((j) => j.name === 'SeatsReleased');
      }
      expect(released.map((j) => j.data.payload)).toEqual([
        { groupId, count: 1, reason: 'CLAIM_EXPIRED', referralId: 'ref-crashed' },
      ]);
    } finally {
      await Promise.all([inbox.close(), deadlines.close()]);
    }
  });
});
