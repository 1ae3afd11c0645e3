import { DataSource } from 'typeorm';
import { createDataSource } from '@kezek/database';
import { ChildFacts, chainEntry, DecisionBody, LogEntry, LogEntryKind, verifyChain } from '@kezek/fairness';
import { DEFAULT_POLICY } from '@kezek/policy';
import { createTestDatabase } from '@kezek/testing';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { queueData } from '../src/data-source';
import { OPENING_SNAPSHOT } from '../src/fairness/log/allocation-log';
import { AllocationLogRepository } from '../src/fairness/log/allocation-log.repository';
import { verifyEntries } from '../src/fairness/log/verify-allocation-log';
import { runLogSnapshot } from '../src/fairness/log-snapshot';
import { filer } from './filing.helper';

/**
 * The allocation log's opening snapshot on real PostgreSQL, for a deployment whose queue predates
 * the log: every child still in the queue's lifecycle gets one entry with its facts, so a replay
 * of the rounds after it knows the children they pick; a second run appends nothing; the
 * decisions after it chain on as usual.
 */
describe('the opening snapshot of the allocation log', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  const file = filer(() => db);
  const chain = () => new AllocationLogRepository(db.manager).chain('astana');
  const at = new Date('2026-03-02T05:00:00Z');

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await testDb?.drop();
  });

  it('names every child still in the queue once, in queue order, and replays the rounds after it', async () => {
    const first = await file({ groupYear: 2023 });
    const second = await file({ groupYear: 2023 });
    const referred = await file({ groupYear: 2023, status: ApplicationStatus.REFERRAL_ISSUED });
    await file({ groupYear: 2023, status: ApplicationStatus.WITHDRAWN });
    await file({ groupYear: 2023, status: ApplicationStatus.ENROLLED });
    // A deployment from before the log: its applications were filed with no entry. The log refuses
    // deletes (a trigger); this session alone skips triggers to take away what it never had.
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('DELETE FROM queue.allocation_log');
      await tx.query('DELETE FROM queue.allocation_log_chain');
    });

    expect(await runLogSnapshot(['--portal', 'astana'], testDb.url, at)).toEqual({ code: 0, appended: 3 });
    const entries = await chain();
    expect(verifyChain(entries)).toEqual([]);
    const bodies = entries.map((e) => e.body as DecisionBody);
    expect(bodies.map((b) => b.action)).toEqual([OPENING_SNAPSHOT, OPENING_SNAPSHOT, OPENING_SNAPSHOT]);
    expect(bodies.map((b) => b.child.status)).toEqual(['IN_QUEUE', 'IN_QUEUE', 'REFERRAL_ISSUED']);
    expect(bodies.map((b) => b.child.filedAt)).toEqual(
      [first, second, referred].map((a) => a.createdAt.toISOString().replace('Z', '000Z')),
    );
    expect(new Set(bodies.map((b) => b.child.pseudonym)).size).toBe(3);

    // Again: nothing more. A filing after it chains on.
    expect(await runLogSnapshot(['--portal', 'astana'], testDb.url, at)).toEqual({ code: 0, appended: 0 });
    await file({ groupYear: 2023 });
    const after = await chain();
    expect(after).toHaveLength(4);
    expect((after[3].body as DecisionBody).action).toBe('FILED');
    expect(verifyChain(after)).toEqual([]);

    // A round after the snapshot that picks the first two children in order is reproduced; on
    // the log without the snapshot the same round names children the replay never met.
    const [a, b] = bodies.map((x) => x.child);
    const round = (log: LogEntry[]) =>
      chainEntry(log[log.length - 1] ?? null, {
        portalId: 'astana',
        at: '2026-03-03T05:00:00.000Z',
        kind: LogEntryKind.ROUND_OPENED,
        body: {
          roundId: 'r1',
          areaIds: [a.areaId],
          groupYear: 2023,
          seats: 2,
          held: 2,
          publishedAt: '2026-03-03T05:00:00.000Z',
          policy: DEFAULT_POLICY,
          asOf: log.length,
          picked: [a, b].map((c: ChildFacts) => c.pseudonym),
          offered: [a, b].map((c: ChildFacts) => c.pseudonym),
        },
      });
    expect(verifyEntries([...after, round(after)], {}).differing).toEqual([]);
    const withoutSnapshot = after.slice(3).map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyEntries([...withoutSnapshot, round(withoutSnapshot)], {}).differing).toHaveLength(1);
  });

  it('refuses a run without a portal', async () => {
    expect(await runLogSnapshot([], testDb.url)).toMatchObject({ code: 64, error: '--portal: is required' });
  });
});
