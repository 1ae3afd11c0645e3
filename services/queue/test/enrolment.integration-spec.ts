import { DataSource } from 'typeorm';
import { Role } from '@kezek/auth';
import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { makeIin } from '@kezek/iin';
import { DEFAULT_POLICY } from '@kezek/policy';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, gql, startApp, tokenFor } from '@kezek/testing';
import { Application } from '../src/application/application.entity';
import { HistoryEntry } from '../src/application/history-entry.entity';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { ReferralStatus } from '../src/referral/models/referral-status.enum';
import { Referral } from '../src/referral/referral.entity';
import { startQueueApp } from './queue-app';

const PARENT = '11111111-1111-4111-8111-111111111111';
const STAFF = '22222222-2222-4222-8222-222222222222';
const KINDERGARTEN = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const GROUP_ID = '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c';
const HOUR = 3600_000;

/**
 * Enrolment and refused privilege documents on real PostgreSQL with a manual clock: what needs
 * time to pass (a referral past its validity) and what needs no seat at vacancies (the refusal;
 * the seat is freed by the worker afterwards). vacancies does not run here: its address refuses
 * connections, so an enrolment that reaches it fails — and must change nothing.
 */
describe('enrolment and refused privilege documents on real PostgreSQL (R18, R19)', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
  const policy = DEFAULT_POLICY;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  let seq = 0;
  /** An application holding a referral to GROUP_ID, issued now, written as the issue service writes it. */
  const withReferral = (privilege: Privilege) =>
    db.transaction(async (tx) => {
      seq += 1;
      const app = await fileApplication(
        tx,
        {
          portal: DEFAULT_PORTALS.find((p) => p.id === 'astana')!,
          regionId: 'astana',
          input: filingInput.parse({
            childIin: makeIin('2023-01-31', 'F', 700 + seq),
            childFullName: `Бала ${seq}`,
            childBirthDate: '2023-01-31',
            queueAreaId: 'astana',
            privilege,
            ...(privilege === Privilege.NONE
              ? {}
              : {
                  privilegeDocumentKind: 'Справка',
                  privilegeDocumentNumber: `D-${seq}`,
                  privilegeDocumentIssuedOn: '2026-02-25',
                  privilegeDocumentIssuer: 'Орган',
                }),
          }),
          applicant: { userId: PARENT, fullName: 'АТА-АНА' },
          signatureId: null,
        },
        clock.now(),
      );
      const now = clock.now();
      const expiresAt = calendar.workingDaysDeadline(now, policy.referralValidityWorkingDays);
      await tx.getRepository(Application).update(app.id, { status: ApplicationStatus.REFERRAL_ISSUED });
      const referral = {
        number: `${app.number}/1`,
        applicationId: app.id,
        groupId: GROUP_ID,
        kindergartenId: KINDERGARTEN,
        offerId: null,
        issuedAt: now,
        requestedAt: now,
        expiresAt,
        originalExpiresAt: expiresAt,
        revocableUntil: new Date(now.getTime() + policy.revocationWindowHours * HOUR),
        status: ReferralStatus.ISSUED,
        privilege,
        extensions: 0,
      };
      const { identifiers } = await tx.getRepository(Referral).insert(referral);
      return {
        app: await tx.getRepository(Application).findOneByOrFail({ id: app.id }),
        id: identifiers[0].id as string,
      };
    });

  const staff = () =>
    tokenFor({ userId: STAFF, roles: [Role.KINDERGARTEN_STAFF], scopes: { kindergartenIds: [KINDERGARTEN] } }, clock);
  const call = async (query: string, vars: Record<string, unknown>) =>
    gql<Record<string, { status: string; closeReason: string | null }>>(`${server.url}/graphql`, query, vars, {
      authorization: `Bearer ${await staff()}`,
    });
  const enrol = (r: string, d: string | null = null) =>
    call('mutation($r: ID!, $d: Date) { enrollChild(referralId: $r, privilegeDocumentsIssuedOn: $d) { status } }', {
      r,
      d,
    });
  const refuse = (r: string) =>
    call(
      'mutation($r: ID!) { refusePrivilegeDocuments(referralId: $r, reason: "Справка недействительна") { status closeReason } }',
      {
        r,
      },
    );
  /** What a refusal must leave as it was. */
  const snapshot = async (appId: string, referralId: string) => ({
    app: await db.getRepository(Application).findOneByOrFail({ id: appId }),
    referral: await db.getRepository(Referral).findOneByOrFail({ id: referralId }),
    history: await db.getRepository(HistoryEntry).countBy({ applicationId: appId }),
    outbox: Number((await db.query('SELECT count(*) FROM queue.outbox'))[0].count),
  });

  it('refuses to enrol or refuse documents past the referral’s validity, changing nothing (R13, R16)', async () => {
    const { app, id } = await withReferral(Privilege.FIRST_PRIORITY);
    const referral = await db.getRepository(Referral).findOneByOrFail({ id });
    const before = await snapshot(app.id, id);
    clock.set(new Date(referral.expiresAt.getTime() + 1));
    try {
      expect((await enrol(id, '2026-02-25')).errors?.[0].extensions?.code).toBe('REFERRAL_EXPIRED');
      expect((await refuse(id)).errors?.[0].extensions?.code).toBe('REFERRAL_EXPIRED');
      expect(await snapshot(app.id, id)).toEqual(before);
    } finally {
      clock.set(new Date('2026-03-02T05:00:00Z'));
    }
  });

  it('changes nothing when vacancies cannot enrol the seat', async () => {
    const { app, id } = await withReferral(Privilege.NONE);
    const before = await snapshot(app.id, id);
    const res = await enrol(id);
    // Here the address cannot be fetched at all (an internal error); a refusal of vacancies' would be relayed.
    expect(res.errors?.[0].extensions?.code).toBeDefined();
    expect(await snapshot(app.id, id)).toEqual(before);
  });

  it('refused documents: referral cancelled, child re-registered .2 in the general queue, stop-list from now, not a miss (R18)', async () => {
    const { app, id } = await withReferral(Privilege.FIRST_PRIORITY);
    clock.advance(2 * HOUR);
    const now = clock.now();
    const res = await refuse(id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.refusePrivilegeDocuments).toEqual({ status: 'EXPIRED', closeReason: 'PRIVILEGE_REFUSED' });
    const after = await db.getRepository(Application).findOneByOrFail({ id: app.id });
    expect(after).toMatchObject({
      status: ApplicationStatus.IN_QUEUE,
      privilege: Privilege.NONE,
      privilegeDocumentKind: null,
      privilegeDocumentNumber: null,
      privilegeDocumentIssuedOn: null,
      privilegeDocumentIssuer: null,
      number: app.number.replace(/\.1$/, '.2'),
      numberVersion: 2,
      missedReferrals: 0,
      createdAt: app.createdAt,
      onStopListUntil: calendar.workingDaysDeadline(now, policy.stopListWorkingDays),
    });
    const referral = await db.getRepository(Referral).findOneByOrFail({ id });
    expect(referral).toMatchObject({ status: ReferralStatus.EXPIRED, closeReason: 'PRIVILEGE_REFUSED', closedAt: now });
    const [history] = await db
      .getRepository(HistoryEntry)
      .find({ where: { applicationId: app.id }, order: { id: 'DESC' }, take: 1 });
    expect(history).toMatchObject({
      action: 'PRIVILEGE_REFUSED',
      actor: STAFF,
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'IN_QUEUE',
    });
    expect(history.reason).toContain(`${app.number} → ${after.number}`);
    // The event the worker frees the seat from and schedules the stop-list's end by.
    const [event] = await db.query(
      `SELECT payload FROM queue.outbox WHERE type = 'PrivilegeRefused' AND aggregate_id = $1`,
      [app.id],
    );
    expect(event.payload).toMatchObject({
      referralId: id,
      applicationId: app.id,
      privilege: 'NONE',
      formerPrivilege: 'FIRST_PRIORITY',
      number: after.number,
      formerNumber: app.number,
      stopListUntil: after.onStopListUntil!.toISOString(),
    });
    // A retry: the same answer, nothing more recorded.
    const before = await snapshot(app.id, id);
    expect((await refuse(id)).data!.refusePrivilegeDocuments).toEqual({
      status: 'EXPIRED',
      closeReason: 'PRIVILEGE_REFUSED',
    });
    expect(await snapshot(app.id, id)).toEqual(before);
  });

  it('refuses to refuse the documents of a referral issued without a privilege', async () => {
    const { app, id } = await withReferral(Privilege.NONE);
    const before = await snapshot(app.id, id);
    expect((await refuse(id)).errors?.[0].extensions?.code).toBe('INVALID_STATE');
    expect(await snapshot(app.id, id)).toEqual(before);
  });
});
