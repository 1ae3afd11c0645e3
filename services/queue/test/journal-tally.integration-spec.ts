import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal, Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, gql, startApp, tokenFor } from '@kezek/testing';
import { Application } from '../src/application/application.entity';
import { JournalRepository } from '../src/application/journal.repository';
import { journalFilter } from '../src/application/journal.schema';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';
import { journalScope } from '../src/application/visibility.rules';
import { queueData } from '../src/data-source';
import { JournalTally1767640000000 } from '../src/migrations/1767640000000-journal-tally';
import { WithdrawalService } from '../src/withdrawal/withdrawal.service';
import { filer, PARENT } from './filing.helper';
import { startQueueApp } from './queue-app';

type Filter = Record<string, unknown>;

const KEY = 'region_id, queue_area_id, group_year, status, privilege, portal_id';
/** What the tally holds and what the rows say, both without the counters that dropped to 0. */
const TALLIED = `SELECT ${KEY}, n::int FROM queue.application_tally WHERE n > 0 ORDER BY ${KEY}`;
const COUNTED = `SELECT ${KEY}, count(*)::int AS n FROM queue.application GROUP BY ${KEY} ORDER BY ${KEY}`;

/** The count the journal must give, written out here without the repository's SQL. */
function exactCount(db: DataSource, regionIds: string[], f: Filter): Promise<number> {
  const where = ['region_id = ANY($1)'];
  const params: unknown[] = [regionIds];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status) add('status = ?', f.status);
  if (f.statuses) add('status = ANY(?)', f.statuses);
  if (f.privilege) add('privilege = ?', f.privilege);
  if (f.groupYear) add('group_year = ?', f.groupYear);
  if (f.queueAreaId) add('queue_area_id = ?', f.queueAreaId);
  if (f.childName) add('child_full_name ILIKE ?', `%${f.childName as string}%`);
  return db
    .query(`SELECT count(*)::int AS n FROM queue.application WHERE ${where.join(' AND ')}`, params)
    .then(([{ n }]: Array<{ n: number }>) => n);
}

/** Filters of an operator's journal: the tally answers all but the last (a name part). */
const FILTERS: Filter[] = [
  {},
  { status: ApplicationStatus.IN_QUEUE },
  { statuses: [ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED], groupYear: 2023 },
  { queueAreaId: 'astana-esil', privilege: Privilege.NONE },
  { status: ApplicationStatus.WITHDRAWN, groupYear: 2022, privilege: Privilege.FIRST_PRIORITY },
  { childName: 'child 1' },
];

/**
 * queue.application_tally (the journal's totalCount for whole regions) against real counts on
 * PostgreSQL: after filings through the filing code, withdrawals through their service, other
 * status changes and deletes; and an operator's totalCount through the journal.
 */
describe('the journal tally on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let url: string;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const file = filer(() => db);
  const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
  const apps: Application[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
    url = `${server.url}/graphql`;
    const areas = ['astana', 'astana-esil'];
    const privileges = [Privilege.NONE, Privilege.FIRST_PRIORITY, Privilege.OUT_OF_TURN];
    for (let i = 0; i < 12; i++)
      apps.push(
        await file({
          queueAreaId: areas[i % 2],
          groupYear: 2022 + (i % 3 === 0 ? 0 : 1),
          privilege: privileges[i % 3],
        }),
      );
    apps.push(await file({ regionId: 'almaty', groupYear: 2023 }), await file({ regionId: 'almaty' }));
    tokens.operator = await tokenFor(
      { userId: randomUUID(), roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } },
      clock,
    );
    tokens.admin = await tokenFor({ userId: randomUUID(), roles: [Role.ADMIN] }, clock);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  const expectTallyExact = async () => expect(await db.query(TALLIED)).toEqual(await db.query(COUNTED));

  const withdraw = (app: Application) => {
    const principal: Principal = { userId: PARENT, iin: '900101300017', roles: [Role.APPLICANT], tokenId: 't' };
    return db.transaction((tx) =>
      server.app.get(WithdrawalService).perform(
        tx,
        {
          requestId: randomUUID(),
          action: 'queue.withdraw-application',
          parameters: { applicationId: app.id, reason: 'moved to another city' },
          subject: app.number,
          signerIin: principal.iin,
          signatureId: randomUUID(),
          verifiedAt: clock.now(),
          certificate: { serialNumber: '01', sha256: 'ab' },
        },
        principal,
        astana,
      ),
    );
  };

  it('counts every filing, the first of a key and the next ones', async () => {
    await expectTallyExact();
    const [{ n }] = await db.query(`SELECT sum(n)::int AS n FROM queue.application_tally`);
    expect(n).toBe(apps.length);
  });

  it('back-fills from the rows already there when the migration runs', async () => {
    const migration = new JournalTally1767640000000();
    const q = db.createQueryRunner();
    try {
      await migration.down(q);
      // Filed while no tally exists: only the back-fill can count these.
      apps.push(await file({ queueAreaId: 'astana-esil', groupYear: 2024 }), await file({ groupYear: 2022 }));
      await migration.up(q);
    } finally {
      await q.release();
    }
    await expectTallyExact();
  });

  it('moves a withdrawn application from its IN_QUEUE counter to WITHDRAWN', async () => {
    for (const app of [apps[0], apps[4], apps[5]]) await withdraw(app);
    await expectTallyExact();
    const [{ n }] = await db.query(
      `SELECT n::int FROM queue.application_tally WHERE (${KEY}) = ($1, $2, $3, 'WITHDRAWN', $4, 'astana')`,
      [apps[0].regionId, apps[0].queueAreaId, apps[0].groupYear, apps[0].privilege],
    );
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it('nets one statement’s changes per key, children moving both ways included', async () => {
    // Direct UPDATEs stand in for the lifecycle's status changes (offers, referrals, enrolment),
    // which are not built yet: they prove the trigger, not a rule.
    const ids = (list: Application[]) => list.map((a) => a.id);
    await db.query(`UPDATE queue.application SET status = 'NOTIFIED' WHERE id = ANY($1)`, [
      ids([apps[1], apps[2], apps[3]]),
    ]);
    await expectTallyExact();
    await db.query(
      `UPDATE queue.application SET status = CASE status WHEN 'NOTIFIED' THEN 'IN_QUEUE' ELSE 'NOTIFIED' END
       WHERE id = ANY($1)`,
      [ids([apps[1], apps[6], apps[7], apps[8]])],
    );
    await db.query(`UPDATE queue.application SET status = 'ENROLLED' WHERE id = $1`, [apps[2].id]);
    await db.query(`UPDATE queue.application SET status = 'REMOVED' WHERE id = $1`, [apps[3].id]);
    // Not a status: the area and year of a queued child corrected, and its privilege.
    await db.query(
      `UPDATE queue.application SET queue_area_id = 'astana-esil', group_year = 2024, privilege = 'NONE' WHERE id = $1`,
      [apps[9].id],
    );
    await expectTallyExact();
  });

  it('writes no counter row when an update leaves the counted columns alone', async () => {
    const versions = `SELECT xmin::text AS v, ${KEY} FROM queue.application_tally ORDER BY ${KEY}`;
    const before = await db.query(versions);
    await db.query(
      `UPDATE queue.application SET last_changed_at = now(), applicant_full_name = 'X' WHERE id = ANY($1)`,
      [apps.map((a) => a.id)],
    );
    // A status set to what it was is no change either.
    await db.query(`UPDATE queue.application SET status = status WHERE region_id = 'astana'`);
    expect(await db.query(versions)).toEqual(before);
  });

  it('takes deleted rows off their counters', async () => {
    // Nothing in Kezek deletes an application (R21 keeps its history forever); a database operator
    // purging one must still leave the tally exact. The history's guard is lifted for that purge only.
    const purged = [apps[10], apps[12]];
    await db.transaction(async (tx) => {
      await tx.query(`ALTER TABLE queue.application_history DISABLE TRIGGER application_history_append_only`);
      await tx.query(`DELETE FROM queue.application_history WHERE application_id = ANY($1)`, [purged.map((a) => a.id)]);
      await tx.query(`DELETE FROM queue.application WHERE id = ANY($1)`, [purged.map((a) => a.id)]);
      await tx.query(`ALTER TABLE queue.application_history ENABLE TRIGGER application_history_append_only`);
    });
    await expectTallyExact();
  });

  it('refuses a counter below zero, and the change that would cause it changes nothing', async () => {
    await expect(db.query(`UPDATE queue.application_tally SET n = n - 1000`)).rejects.toMatchObject({
      code: '23514',
    });
    // A counter that drifted (here by hand, never committed) makes the change fail rather than hide it.
    const queued = apps[11];
    const q = db.createQueryRunner();
    await q.startTransaction();
    try {
      await q.query(
        `UPDATE queue.application_tally SET n = 0 WHERE (${KEY}) = ($1, $2, $3, 'IN_QUEUE', $4, 'astana')`,
        [queued.regionId, queued.queueAreaId, queued.groupYear, queued.privilege],
      );
      await expect(
        q.query(`UPDATE queue.application SET status = 'WITHDRAWN' WHERE id = $1`, [queued.id]),
      ).rejects.toMatchObject({ code: '23514' });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
    const [{ status }] = await db.query(`SELECT status FROM queue.application WHERE id = $1`, [queued.id]);
    expect(status).toBe(ApplicationStatus.IN_QUEUE);
    await expectTallyExact();
  });

  it('gives JournalRepository.count the exact count, from the tally only where it can answer', async () => {
    const journal = new JournalRepository(db);
    const queries = jest.spyOn(db, 'query');
    const operator: Principal = {
      userId: randomUUID(),
      iin: '900101300017',
      roles: [Role.DISTRICT_OPERATOR],
      scopes: { regionIds: ['astana'] },
      tokenId: 't',
    };
    const admin: Principal = { userId: randomUUID(), iin: '900101300017', roles: [Role.ADMIN], tokenId: 't' };
    const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
    try {
      for (const [who, portal] of [
        [operator, astana],
        [admin, almaty],
      ] as const)
        for (const filter of FILTERS) {
          queries.mockClear();
          const scope = journalScope(who, portal);
          expect(await journal.count(scope, journalFilter.parse(filter), null)).toBe(
            await exactCount(db, portal.regionIds, filter),
          );
          expect(String(queries.mock.calls[0][0]).includes('application_tally')).toBe(!filter.childName);
        }
    } finally {
      queries.mockRestore();
    }
  });

  it('gives an operator’s journal the exact totalCount, through GraphQL', async () => {
    const JOURNAL = `query($filter: ApplicationFilter) { myApplications(filter: $filter, first: 2) { totalCount } }`;
    for (const [who, portal, regionIds] of [
      ['operator', 'astana', ['astana']],
      ['admin', 'almaty', ['almaty']],
    ] as const)
      for (const filter of FILTERS) {
        const res = await gql<{ myApplications: { totalCount: number } }>(
          url,
          JOURNAL,
          { filter },
          { authorization: `Bearer ${tokens[who]}`, 'x-kezek-portal': portal },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.myApplications.totalCount).toBe(await exactCount(db, [...regionIds], filter));
      }
  });

  it('stays exact, without deadlocks, while children move both ways between two counters and filings land on one', async () => {
    // Eight children of one queue (one key per status), half notified. Each round, every child flips
    // at once, each in its own transaction held open a moment: IN_QUEUE → NOTIFIED takes one counter
    // down and the other up, NOTIFIED → IN_QUEUE the reverse, and filings add to IN_QUEUE meanwhile.
    // Counters taken in the order of the change would deadlock here; the key order does not.
    const group = { queueAreaId: 'astana', groupYear: 2021, privilege: Privilege.NONE };
    const children: Application[] = [];
    for (let i = 0; i < 8; i++) children.push(await file(group));
    await db.query(`UPDATE queue.application SET status = 'NOTIFIED' WHERE id = ANY($1)`, [
      children.slice(0, 4).map((a) => a.id),
    ]);
    const flip = (app: Application) =>
      db.transaction(async (tx) => {
        await tx.query(
          `UPDATE queue.application SET status = CASE status WHEN 'NOTIFIED' THEN 'IN_QUEUE' ELSE 'NOTIFIED' END
           WHERE id = $1`,
          [app.id],
        );
        await tx.query(`SELECT pg_sleep(0.01)`);
      });
    for (let round = 0; round < 5; round++) await Promise.all([...children.map(flip), file(group), file(group)]);
    await expectTallyExact();
  });

  it('empties with the table it counts', async () => {
    await db.query(`TRUNCATE queue.application CASCADE`);
    expect(await db.query(`SELECT * FROM queue.application_tally`)).toEqual([]);
  });
});
