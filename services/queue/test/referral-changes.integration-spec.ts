import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal, Role } from '@kezek/auth';
import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { VerifiedAction } from '@kezek/identity-api';
import { DEFAULT_POLICY, resolvePolicy } from '@kezek/policy';
import { DEFAULT_PORTALS, Portal } from '@kezek/portals';
import { createTestDatabase, startApp } from '@kezek/testing';
import type { GroupFacts } from '@kezek/vacancies-api';
import { Application } from '../src/application/application.entity';
import { HistoryEntry } from '../src/application/history-entry.entity';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { queueData } from '../src/data-source';
import { IssuedDocumentRecord } from '../src/document/document.entity';
import { DocumentService } from '../src/document/document.service';
import { PositionRepository } from '../src/position/position.repository';
import { ReferralStatus } from '../src/referral/models/referral-status.enum';
import { Referral } from '../src/referral/referral.entity';
import { EXTEND_REFERRAL } from '../src/referral/referral-extension.rules';
import { ReferralExtensionService } from '../src/referral/referral-extension.service';
import { ReferralRevocationService } from '../src/referral/referral-revocation.service';
import { SignedActionHandler } from '../src/signed-action/signed-action.handler';
import { filer, PARENT } from './filing.helper';
import { startQueueApp } from './queue-app';

const HOUR = 3600_000;
const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const parent: Principal = { userId: PARENT, iin: '920417401201', roles: [Role.APPLICANT], tokenId: 't' };
const KINDERGARTEN_ID = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const group: GroupFacts = {
  id: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
  groupYear: 2023,
  language: 'KK',
  capacity: 20,
  freeSeats: 3,
  kindergarten: {
    id: KINDERGARTEN_ID,
    nameKk: '«Күншуақ» бөбекжайы',
    nameRu: 'Ясли-сад «Куншуак»',
    address: 'Астана, Мәңгілік Ел даңғылы, 12',
    phone: null,
    location: { lat: 51.09, lng: 71.41 },
    regionId: 'astana',
    districtId: 'astana-esil',
    isState: true,
  },
};

/**
 * Extension (R14) and revocation (R15) against real PostgreSQL, with the in-process manual clock
 * moving time across their boundaries. identity and vacancies do not run here: each signed
 * action is performed as SignedActionService performs it after identity verified the signature,
 * and the referrals come from a free choice (no offer), so the revocation calls no other service.
 */
describe('extending and revoking a referral on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let documents: DocumentService;
  let positions: PositionRepository;
  let extension: ReferralExtensionService;
  let revocation: ReferralRevocationService;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
  const file = filer(() => db);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
    documents = server.app.get(DocumentService);
    positions = server.app.get(PositionRepository);
    extension = server.app.get(ReferralExtensionService);
    revocation = server.app.get(ReferralRevocationService);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  let seq = 0;
  /** A child filed ahead of others, then holding a free-choice referral issued now, with its PDF. */
  async function withReferral(): Promise<{ app: Application; referral: Referral }> {
    const app = await file({});
    await file({});
    const now = clock.now();
    const expiresAt = calendar.workingDaysDeadline(now, DEFAULT_POLICY.referralValidityWorkingDays);
    const referral = db.getRepository(Referral).create({
      number: `${app.number}/${++seq}`,
      applicationId: app.id,
      groupId: group.id,
      kindergartenId: KINDERGARTEN_ID,
      offerId: null,
      issuedAt: now,
      requestedAt: now,
      expiresAt,
      originalExpiresAt: expiresAt,
      revocableUntil: new Date(now.getTime() + DEFAULT_POLICY.revocationWindowHours * HOUR),
      status: ReferralStatus.ISSUED,
      privilege: app.privilege,
      extensions: 0,
    });
    await db.transaction(async (tx) => {
      await tx.getRepository(Application).update(app.id, { status: ApplicationStatus.REFERRAL_ISSUED });
      await tx.getRepository(Referral).insert(referral);
      await documents.issueReferralDocument(tx, { application: app, referral, group }, now);
    });
    return { app, referral };
  }

  /** What identity returns for a signed request; performed as the submit performs it. */
  const perform = (handler: SignedActionHandler, parameters: Record<string, string>, portal: Portal = astana) =>
    db.transaction((tx) => {
      const verified: VerifiedAction = {
        requestId: randomUUID(),
        action: handler.action,
        parameters,
        subject: 'x',
        signerIin: parent.iin,
        signatureId: randomUUID(),
        verifiedAt: clock.now(),
        certificate: { serialNumber: '1', sha256: 'x' },
      };
      return handler.perform(tx, verified, parent, portal);
    });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string }) => e.code,
    );
  const referralRow = (id: string) => db.getRepository(Referral).findOneByOrFail({ id });
  const history = (applicationId: string) =>
    db.getRepository(HistoryEntry).find({ where: { applicationId }, order: { at: 'ASC', id: 'ASC' } });
  const events = (type: string, referralId: string) =>
    db.query(`SELECT payload FROM queue.outbox WHERE type = $1 AND payload->>'referralId' = $2`, [type, referralId]);
  const referralDocuments = (referralId: string) =>
    db.getRepository(IssuedDocumentRecord).find({ where: { referralId }, order: { issuedAt: 'ASC' } });

  it('revokes at exactly 24 hours after issue: back to the same queue number, history and event', async () => {
    const { app, referral } = await withReferral();
    const before = (await positions.positionsOf([app.id])).get(app.id);
    expect(before?.queueNumber).toEqual(expect.any(Number));
    clock.set(referral.revocableUntil);
    await perform(revocation, { referralId: referral.id, reason: 'Передумали' });

    const row = await referralRow(referral.id);
    expect(row).toMatchObject({ status: ReferralStatus.REVOKED, closeReason: 'Передумали' });
    expect(row.closedAt).toEqual(referral.revocableUntil);
    const after = await db.getRepository(Application).findOneByOrFail({ id: app.id });
    expect(after.status).toBe(ApplicationStatus.IN_QUEUE);
    expect((await positions.positionsOf([app.id])).get(app.id)).toEqual(before);
    expect((await history(app.id)).at(-1)).toMatchObject({
      action: 'REFERRAL_REVOKED',
      fromStatus: ApplicationStatus.REFERRAL_ISSUED,
      toStatus: ApplicationStatus.IN_QUEUE,
      actor: PARENT,
      reason: 'Передумали',
    });
    expect(await events('ReferralRevoked', referral.id)).toEqual([
      {
        payload: {
          referralId: referral.id,
          applicationId: app.id,
          areaId: app.queueAreaId,
          groupYear: app.groupYear,
          privilege: app.privilege,
        },
      },
    ]);
    // A free choice came from no offer: nothing is blocked.
    expect(await db.query(`SELECT 1 FROM queue.kindergarten_block WHERE referral_id = $1`, [referral.id])).toEqual([]);
    // Revoked once: a second revocation is refused.
    expect(await refusal(perform(revocation, { referralId: referral.id, reason: 'Ещё раз' }))).toBe('INVALID_STATE');
  });

  it('refuses a revocation 24 hours and 1 ms after issue, changing nothing', async () => {
    const { app, referral } = await withReferral();
    const historyBefore = await history(app.id);
    clock.set(new Date(referral.revocableUntil.getTime() + 1));
    expect(await refusal(perform(revocation, { referralId: referral.id, reason: 'Передумали' }))).toBe(
      'REVOCATION_WINDOW_CLOSED',
    );
    expect((await referralRow(referral.id)).status).toBe(ReferralStatus.ISSUED);
    expect((await db.getRepository(Application).findOneByOrFail({ id: app.id })).status).toBe(
      ApplicationStatus.REFERRAL_ISSUED,
    );
    expect(await history(app.id)).toEqual(historyBefore);
    expect(await events('ReferralRevoked', referral.id)).toEqual([]);
  });

  it('extends once to exactly 30 calendar days after the original expiry, re-issuing the PDF; a second is refused', async () => {
    clock.set(new Date('2026-03-02T05:00:00Z'));
    const { app, referral } = await withReferral();
    // R13: issued Monday 2 March 2026, valid to the end of Tuesday 10 March (9 March is a day off).
    expect(referral.expiresAt).toEqual(new Date('2026-03-10T18:59:59.999Z'));
    clock.advance(48 * HOUR);
    expect(await refusal(perform(extension, { referralId: referral.id, until: '2026-04-10', reason: 'Болеет' }))).toBe(
      'EXTENSION_TOO_LONG',
    );
    expect(await refusal(perform(extension, { referralId: referral.id, until: '2026-03-10', reason: 'Болеет' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await referralDocuments(referral.id)).toHaveLength(1);

    await perform(extension, { referralId: referral.id, until: '2026-04-09', reason: 'Ребёнок болеет' });
    const row = await referralRow(referral.id);
    expect(row).toMatchObject({
      status: ReferralStatus.ISSUED,
      expiresAt: new Date('2026-04-09T18:59:59.999Z'),
      originalExpiresAt: referral.expiresAt,
      extendedUntil: '2026-04-09',
      extensionReason: 'Ребёнок болеет',
      extensions: 1,
    });
    const docs = await referralDocuments(referral.id);
    expect(docs).toHaveLength(2);
    expect(docs[0].supersededAt).toEqual(clock.now());
    expect(docs[1].content).toMatchObject({ validUntil: '2026-04-09' });
    expect((await history(app.id)).at(-1)).toMatchObject({
      action: 'REFERRAL_EXTENDED',
      fromStatus: ApplicationStatus.REFERRAL_ISSUED,
      toStatus: ApplicationStatus.REFERRAL_ISSUED,
      actor: PARENT,
      reason: 'Ребёнок болеет',
    });
    expect(await events('ReferralExtended', referral.id)).toEqual([
      { payload: { referralId: referral.id, applicationId: app.id, expiresAt: '2026-04-09T18:59:59.999Z' } },
    ]);

    const historyBefore = await history(app.id);
    expect(await refusal(perform(extension, { referralId: referral.id, until: '2026-04-08', reason: 'Ещё раз' }))).toBe(
      'EXTENSION_ALREADY_USED',
    );
    expect(await referralRow(referral.id)).toEqual(row);
    expect(await history(app.id)).toEqual(historyBefore);
    expect(await referralDocuments(referral.id)).toHaveLength(2);
  });

  it('allows a second extension under a policy of two, within the same limit', async () => {
    clock.set(new Date('2026-03-02T05:00:00Z'));
    const { referral } = await withReferral();
    const twice = { ...astana, policy: resolvePolicy({ extensionsAllowed: 2 }) };
    await perform(extension, { referralId: referral.id, until: '2026-03-20', reason: 'Первый раз' }, twice);
    await perform(extension, { referralId: referral.id, until: '2026-04-09', reason: 'Второй раз' }, twice);
    expect(await referralRow(referral.id)).toMatchObject({ extensions: 2, extendedUntil: '2026-04-09' });
    expect(
      await refusal(perform(extension, { referralId: referral.id, until: '2026-04-09', reason: 'Третий' }, twice)),
    ).toBe('EXTENSION_ALREADY_USED');
  });

  it('refuses to extend a referral past its expiry, and another person', async () => {
    clock.set(new Date('2026-03-02T05:00:00Z'));
    const { referral } = await withReferral();
    const stranger: Principal = { ...parent, userId: '22222222-2222-4222-8222-222222222222' };
    const asStranger = db.transaction((tx) =>
      extension.perform(
        tx,
        {
          requestId: randomUUID(),
          action: EXTEND_REFERRAL,
          parameters: { referralId: referral.id, until: '2026-03-20', reason: 'Чужой' },
          subject: 'x',
          signerIin: parent.iin,
          signatureId: randomUUID(),
          verifiedAt: clock.now(),
          certificate: { serialNumber: '1', sha256: 'x' },
        },
        stranger,
        astana,
      ),
    );
    expect(await refusal(asStranger)).toBe('NOT_FOUND');
    clock.set(new Date(referral.expiresAt.getTime() + 1));
    expect(await refusal(perform(extension, { referralId: referral.id, until: '2026-03-20', reason: 'Поздно' }))).toBe(
      'REFERRAL_EXPIRED',
    );
    expect((await referralRow(referral.id)).extensions).toBe(0);
  });
});
