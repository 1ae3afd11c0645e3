import { DataSource } from 'typeorm';
import { Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { loadConfig } from '@kezek/config';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, gql, startApp, testConfig, tokenFor } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { queueEnv } from '../src/config';
import { queueData } from '../src/data-source';
import { Application } from '../src/application/application.entity';
import { HistoryEntry } from '../src/application/history-entry.entity';
import { ApplicationService } from '../src/application/application.service';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';

const PARENT = '11111111-1111-4111-8111-111111111111';
const OTHER_PARENT = '22222222-2222-4222-8222-222222222222';
const THIRD_PARENT = '44444444-4444-4444-8444-444444444444';

describe('queue subgraph on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let url: string;
  const clock = new ManualClock('2026-03-02T05:00:00Z');

  let seq = 0;
  const file = (over: Partial<Application>) => {
    seq += 1;
    return db.getRepository(Application).save({
      number: `УО.2025.${String(seq).padStart(6, '0')}.1`,
      childIin: String(230101500000 + seq).padStart(12, '0'),
      childFullName: `CHILD ${seq}`,
      childBirthDate: '2023-01-01',
      applicantId: PARENT,
      privilege: Privilege.NONE,
      status: ApplicationStatus.IN_QUEUE,
      groupYear: 2023,
      regionId: 'astana',
      queueAreaId: 'astana',
      createdAt: new Date(`2025-01-01T00:00:${String(seq).padStart(2, '0')}Z`),
      inQueueSince: new Date('2025-01-01T00:00:00Z'),
      lastChangedAt: new Date('2025-01-01T00:00:00Z'),
      onStopListUntil: null,
      missedReferrals: 0,
      ...over,
    });
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    // Signed actions and documents are not exercised here (no identity runs): their variables only need to be valid.
    const signing = {
      IDENTITY_INTERNAL_URL: 'http://127.0.0.1:9',
      INTERNAL_API_SECRET: 'queue-integration-secret-0123456789ab',
      DOCUMENTS_LINK_SECRET: 'queue-integration-documents-0123456789',
      DOCUMENTS_PUBLIC_URL: 'http://127.0.0.1:9',
    };
    const config = { ...testConfig({ name: 'queue', role: 'api' }, testDb.url), ...loadConfig(queueEnv, signing) };
    server = await startApp(AppModule.forRoot({ clock, config }));
    url = `${server.url}/graphql`;
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  const POSITION = `query($id: ID) { application(id: $id) { number status queueNumber privilegedQueueNumber child { iin birthDate } } }`;

  it('derives queue positions from the filing order and skips children out of the queue (R5, R6)', async () => {
    const a = await file({});
    const b = await file({ privilege: Privilege.FIRST_PRIORITY });
    const gone = await file({ status: ApplicationStatus.WITHDRAWN });
    const c = await file({ privilege: Privilege.FIRST_PRIORITY });
    const otherYear = await file({ groupYear: 2022 });
    const outOfTurn = await file({ privilege: Privilege.OUT_OF_TURN });
    const token = await tokenFor({ userId: PARENT }, clock);
    const pos = async (id: string) =>
      (
        await gql<{ application: { queueNumber: number | null; privilegedQueueNumber: number | null } }>(
          url,
          POSITION,
          { id },
          { authorization: `Bearer ${token}` },
        )
      ).data!.application;

    expect(await pos(a.id)).toMatchObject({ queueNumber: 1, privilegedQueueNumber: 0 });
    expect(await pos(b.id)).toMatchObject({ queueNumber: 2, privilegedQueueNumber: 1 });
    expect(await pos(gone.id)).toMatchObject({ queueNumber: null, privilegedQueueNumber: null });
    expect(await pos(c.id)).toMatchObject({ queueNumber: 3, privilegedQueueNumber: 2 });
    expect(await pos(otherYear.id)).toMatchObject({ queueNumber: 1 });
    // Each privilege category is numbered on its own: the first OUT_OF_TURN child is 1 there.
    expect(await pos(outOfTurn.id)).toMatchObject({ queueNumber: 4, privilegedQueueNumber: 1 });

    // The withdrawn child's place is not kept: the next child moves up when an earlier one leaves.
    await db.getRepository(Application).update(a.id, { status: ApplicationStatus.WITHDRAWN });
    expect(await pos(b.id)).toMatchObject({ queueNumber: 1, privilegedQueueNumber: 1 });
  });

  it('shows an application only to its applicant, through a portal serving its region (R9)', async () => {
    const app = await file({});
    const own = await tokenFor({ userId: PARENT }, clock);
    const other = await tokenFor({ userId: OTHER_PARENT }, clock);
    const q = `query($n: String) { application(number: $n) { id } }`;
    expect((await gql(url, q, { n: app.number }, { authorization: `Bearer ${own}` })).data).toEqual({
      application: { id: app.id },
    });
    expect((await gql(url, q, { n: app.number }, { authorization: `Bearer ${other}` })).data).toEqual({
      application: null,
    });
    expect(
      (await gql(url, q, { n: app.number }, { authorization: `Bearer ${own}`, 'x-kezek-portal': 'almaty' })).data,
    ).toEqual({ application: null });
    const anonymous = await gql(url, q, { n: app.number });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.errors?.[0].extensions?.messages).toMatchObject({
      kk: expect.any(String),
      ru: expect.any(String),
      en: expect.any(String),
    });
  });

  it('refuses an expired token and a malformed lookup with stable codes', async () => {
    const token = await tokenFor({ userId: PARENT }, clock);
    clock.advance(16 * 60_000);
    const expired = await gql(url, `{ application(number: "x") { id } }`, {}, { authorization: `Bearer ${token}` });
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await tokenFor({ userId: PARENT }, clock);
    const both = await gql(
      url,
      `{ application(number: "x", id: "00000000-0000-4000-8000-000000000000") { id } }`,
      {},
      { authorization: `Bearer ${fresh}` },
    );
    expect(both.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('pages the journal with a cursor and lets an operator see the region', async () => {
    const mine = await Promise.all([
      file({ applicantId: OTHER_PARENT }),
      file({ applicantId: OTHER_PARENT }),
      file({ applicantId: OTHER_PARENT }),
    ]);
    const token = await tokenFor({ userId: OTHER_PARENT }, clock);
    const q = `query($after: String) { myApplications(first: 2, after: $after) { totalCount nextCursor items { id } } }`;
    type Page = { myApplications: { totalCount: number; nextCursor: string | null; items: Array<{ id: string }> } };
    const p1 = (await gql<Page>(url, q, {}, { authorization: `Bearer ${token}` })).data!.myApplications;
    const p2 = (await gql<Page>(url, q, { after: p1.nextCursor }, { authorization: `Bearer ${token}` })).data!
      .myApplications;
    expect(p1.totalCount).toBe(3);
    expect(p2.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items].map((i) => i.id).sort()).toEqual(mine.map((m) => m.id).sort());

    const operator = await tokenFor(
      {
        userId: '33333333-3333-4333-8333-333333333333',
        roles: [Role.DISTRICT_OPERATOR],
        scopes: { regionIds: ['astana'] },
      },
      clock,
    );
    const all = (
      await gql<Page>(url, `{ myApplications(first: 100) { totalCount } }`, {}, { authorization: `Bearer ${operator}` })
    ).data!.myApplications;
    expect(all.totalCount).toBe(await db.getRepository(Application).countBy({ regionId: 'astana' }));
  });

  it('answers a whole journal page with one positions query and one history query, each row getting its own', async () => {
    const first = await file({ applicantId: THIRD_PARENT, groupYear: 2020 });
    const second = await file({ applicantId: THIRD_PARENT, groupYear: 2020, privilege: Privilege.OUT_OF_TURN });
    const elsewhere = await file({ applicantId: THIRD_PARENT, groupYear: 2020, queueAreaId: 'astana-esil' });
    const referred = await file({
      applicantId: THIRD_PARENT,
      groupYear: 2020,
      status: ApplicationStatus.REFERRAL_ISSUED,
    });
    const almaty = await file({
      applicantId: THIRD_PARENT,
      groupYear: 2020,
      regionId: 'almaty',
      queueAreaId: 'almaty',
    });
    const entry = (applicationId: string, action: string) => ({
      applicationId,
      at: clock.now(),
      action,
      fromStatus: null,
      toStatus: ApplicationStatus.IN_QUEUE,
      actor: THIRD_PARENT,
      reason: null,
      signatureId: null,
    });
    await db
      .getRepository(HistoryEntry)
      .insert([entry(first.id, 'FILED'), entry(elsewhere.id, 'FILED'), entry(first.id, 'MOVED')]);

    const service = server.app.get(ApplicationService);
    const positions = jest.spyOn(service, 'positions');
    const history = jest.spyOn(service, 'historyOf');
    try {
      const token = await tokenFor({ userId: THIRD_PARENT }, clock);
      type Row = {
        id: string;
        queueNumber: number | null;
        privilegedQueueNumber: number | null;
        history: Array<{ action: string }>;
      };
      const q = `{ myApplications { totalCount items { id queueNumber privilegedQueueNumber history { action } } } }`;
      const page = (
        await gql<{ myApplications: { totalCount: number; items: Row[] } }>(
          url,
          q,
          {},
          { authorization: `Bearer ${token}` },
        )
      ).data!.myApplications;
      // The Almaty application is not shown through the Astana portal (R9).
      expect(page.totalCount).toBe(4);
      const byId = new Map(page.items.map((i) => [i.id, i]));
      expect(byId.get(first.id)).toMatchObject({
        queueNumber: 1,
        privilegedQueueNumber: 0,
        history: [{ action: 'FILED' }, { action: 'MOVED' }],
      });
      expect(byId.get(second.id)).toMatchObject({ queueNumber: 2, privilegedQueueNumber: 1, history: [] });
      expect(byId.get(elsewhere.id)).toMatchObject({
        queueNumber: 1,
        privilegedQueueNumber: 0,
        history: [{ action: 'FILED' }],
      });
      expect(byId.get(referred.id)).toMatchObject({ queueNumber: null, privilegedQueueNumber: null });
      expect(positions).toHaveBeenCalledTimes(1);
      expect(history).toHaveBeenCalledTimes(1);
      expect([...positions.mock.calls[0][0]].sort()).toEqual([first.id, second.id, elsewhere.id, referred.id].sort());

      const throughAlmaty = await gql<{ myApplications: { items: Array<{ id: string }> } }>(
        url,
        `{ myApplications { items { id } } }`,
        {},
        { authorization: `Bearer ${token}`, 'x-kezek-portal': 'almaty' },
      );
      expect(throughAlmaty.data!.myApplications.items).toEqual([{ id: almaty.id }]);
    } finally {
      positions.mockRestore();
      history.mockRestore();
    }
  });

  it('keeps history append-only in the database itself (R21)', async () => {
    const app = await file({});
    const entry = await db.getRepository(HistoryEntry).save({
      applicationId: app.id,
      at: clock.now(),
      action: 'FILED',
      fromStatus: null,
      toStatus: ApplicationStatus.IN_QUEUE,
      actor: PARENT,
      reason: null,
      signatureId: null,
    });
    await expect(db.getRepository(HistoryEntry).update(entry.id, { reason: 'edited' })).rejects.toThrow(/append-only/);
    await expect(db.getRepository(HistoryEntry).delete(entry.id)).rejects.toThrow(/append-only/);
  });

  it('allows one active application per child and queue area (R4)', async () => {
    const app = await file({});
    await expect(file({ childIin: app.childIin })).rejects.toThrow(/application_active_child_area_uq/);
    await expect(file({ childIin: app.childIin, queueAreaId: 'astana-esil' })).resolves.toBeDefined();
  });
});
