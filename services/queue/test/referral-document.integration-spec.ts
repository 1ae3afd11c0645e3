import { DataSource } from 'typeorm';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner } from '@kezek/auth';
import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { ManualClock, toAlmatyIso } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { makeIin } from '@kezek/iin';
import { DEFAULT_POLICY } from '@kezek/policy';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, gql, startApp, TEST_GATEWAY_SECRET, tokenFor } from '@kezek/testing';
import type { GroupFacts } from '@kezek/vacancies-api';
import { Application } from '../src/application/application.entity';
import { recordChange } from '../src/application/history';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { queueData } from '../src/data-source';
import { IssuedDocumentRecord } from '../src/document/document.entity';
import { DocumentService } from '../src/document/document.service';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { ReferralStatus } from '../src/referral/models/referral-status.enum';
import { Referral } from '../src/referral/referral.entity';
import { startQueueApp } from './queue-app';

// pdf-parse's index runs a demo when it has no parent module: its library file is the extractor.
const pdfText = require('pdf-parse/lib/pdf-parse.js') as (pdf: Buffer) => Promise<{ text: string }>;

const PARENT = '11111111-1111-4111-8111-111111111111';
const PUBLIC_URL = 'https://kezek.example.kz';
const HOUR = 3600_000;
/** Kazakh Cyrillic beyond Russian's: every one must survive into the PDF's text. */
const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
const GROUP_ID = '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c';

/** The referral's group as vacancies' GroupsApi.find answers it when the referral is issued. */
const group: GroupFacts = {
  id: GROUP_ID,
  groupYear: 2023,
  language: 'KK',
  capacity: 20,
  freeSeats: 3,
  kindergarten: {
    id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
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

type DocumentView = { kind: string; title: string; titles: { kk: string }; url: string; urlKk: string };
type Verification = { valid: boolean; kind: string | null; issuedAt: string | null; supersededAt: string | null };

describe("a referral's document (R22) on real PostgreSQL", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let documents: DocumentService;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const gateway = new GatewayCredentialSigner(TEST_GATEWAY_SECRET);
  const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock, { DOCUMENTS_PUBLIC_URL: PUBLIC_URL });
    documents = server.app.get(DocumentService);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  let seq = 0;
  /**
   * An application filed with its documents, holding a referral to GROUP_ID: the row is written
   * here, without the referral code's seat claim at vacancies (not running in this suite); the
   * test then issues its PDF as that code does (src/referral/referral-issue.service.ts calls
   * DocumentService.issueReferralDocument in its transaction).
   */
  const withReferral = () =>
    db.transaction(async (tx) => {
      seq += 1;
      const app = await fileApplication(
        tx,
        {
          portal: DEFAULT_PORTALS.find((p) => p.id === 'astana')!,
          regionId: 'astana',
          input: filingInput.parse({
            childIin: makeIin('2023-01-31', 'F', seq * 10),
            childFullName: `Зуһра Мұхтарқызы Сәрсеңбаева ${seq}`,
            childBirthDate: '2023-01-31',
            queueAreaId: 'astana',
            privilege: 'NONE',
          }),
          applicant: { userId: PARENT, fullName: 'СӘРСЕҢБАЕВА ГҮЛНҰР ЕРҒАЛИҚЫЗЫ' },
          signatureId: null,
        },
        clock.now(),
      );
      await documents.issueFilingDocuments(tx, app.id, clock.now());
      const issuedAt = new Date(clock.now().getTime() + HOUR);
      await tx
        .getRepository(Application)
        .update(app.id, { status: ApplicationStatus.REFERRAL_ISSUED, lastChangedAt: issuedAt });
      const expiresAt = calendar.workingDaysDeadline(issuedAt, DEFAULT_POLICY.referralValidityWorkingDays);
      const referral = tx.getRepository(Referral).create({
        number: `НП.2026.${String(seq).padStart(6, '0')}`,
        applicationId: app.id,
        groupId: GROUP_ID,
        issuedAt,
        requestedAt: issuedAt,
        expiresAt,
        originalExpiresAt: expiresAt,
        status: ReferralStatus.ISSUED,
        extendedUntil: null,
        extensionReason: null,
        revocableUntil: new Date(issuedAt.getTime() + DEFAULT_POLICY.revocationWindowHours * HOUR),
      });
      await tx.getRepository(Referral).insert(referral);
      await recordChange(tx, app.id, {
        at: issuedAt,
        action: 'REFERRAL_ISSUED',
        fromStatus: ApplicationStatus.IN_QUEUE,
        toStatus: ApplicationStatus.REFERRAL_ISSUED,
        actor: PARENT,
      });
      return { app, referral };
    });

  const issue = (app: Application, referral: Referral) =>
    db.transaction((tx) =>
      documents.issueReferralDocument(tx, { application: app, referral, group }, referral.issuedAt),
    );

  const DOCUMENTS = `query($id: ID) { application(id: $id) { documents { kind title titles { kk } url urlKk: url(lang: KK) } } }`;
  const documentsOf = async (id: string) =>
    (
      await gql<{ application: { documents: DocumentView[] } }>(
        `${server.url}/graphql`,
        DOCUMENTS,
        { id },
        { authorization: `Bearer ${await tokenFor({ userId: PARENT }, clock)}` },
      )
    ).data!.application.documents;
  const VERIFY = `query($code: String!) { verifyDocument(code: $code) { valid kind issuedAt supersededAt } }`;
  const verify = async (code: string) =>
    (await gql<{ verifyDocument: Verification }>(`${server.url}/graphql`, VERIFY, { code })).data!.verifyDocument;
  /** The PDF of a link, fetched from queue as the gateway passes it on, as flat text. */
  const pdf = async (link: string) => {
    const { pathname, search } = new URL(link);
    const res = await fetch(`${server.url}${pathname}${search}`, {
      headers: { [GATEWAY_CREDENTIAL_HEADER]: await gateway.sign('queue', clock.now()) },
    });
    expect(res.status).toBe(200);
    return (await pdfText(Buffer.from(await res.arrayBuffer()))).text.replace(/·/g, '').replace(/\s+/g, ' ');
  };
  const referralDocuments = (referralId: string) =>
    db.getRepository(IssuedDocumentRecord).find({ where: { referralId }, order: { issuedAt: 'ASC' } });

  it('issues it once, lists it after the filing documents, and prints the kindergarten as vacancies named it', async () => {
    const { app, referral } = await withReferral();
    const issued = await issue(app, referral);
    // A repeated call (a retried issuance) issues nothing twice.
    expect((await issue(app, referral)).id).toBe(issued.id);
    expect(await referralDocuments(referral.id)).toHaveLength(1);

    const docs = await documentsOf(app.id);
    expect(docs.map((d) => d.kind)).toEqual([
      'REGISTRATION_NOTICE',
      'DOCUMENTS_RECEIPT',
      'BOOK_REGISTRATION',
      'CHILD_CARD',
      'REFERRAL',
    ]);
    const doc = docs[4];
    expect([doc.title, doc.titles.kk]).toEqual(['Направление в ДДО', 'Мектепке дейінгі ұйымға жолдама']);

    const kk = await pdf(doc.urlKk);
    for (const letter of KAZAKH_LETTERS)
      expect({ letter, found: kk.includes(letter) }).toEqual({ letter, found: true });
    for (const text of [referral.number, '«Күншуақ» бөбекжайы', group.kindergarten.address, issued.verificationCode])
      expect(kk).toContain(text);
    const ru = await pdf(doc.url);
    for (const text of [
      referral.number,
      app.childFullName,
      '31.01.2023',
      'Ясли-сад «Куншуак»',
      'Казахский',
      'Дата выдачи направления',
      '02.03.2026 11:00:00',
      'Дата истечения срока направления',
      // R13: the fifth working day after Monday 2 March 2026 (8 March, a Sunday, is a day off on Monday 9 March).
      '10.03.2026',
      issued.verificationCode,
      `${PUBLIC_URL}/documents/verify/${issued.verificationCode}`,
    ])
      expect(ru).toContain(text);

    expect(await verify(issued.verificationCode)).toEqual({
      valid: true,
      kind: 'REFERRAL',
      issuedAt: toAlmatyIso(referral.issuedAt),
      supersededAt: null,
    });
  });

  it('re-issues it when the referral is extended: the old version verifies as superseded, the list shows the new one', async () => {
    const { app, referral } = await withReferral();
    const first = await issue(app, referral);
    clock.advance(24 * HOUR);
    // R14: the extending transaction moves the expiry, then re-issues the document.
    const extended = { id: referral.id, expiresAt: new Date('2026-03-31T18:59:59.999Z') };
    const reissue = () =>
      db.transaction(async (tx) => {
        await tx
          .getRepository(Referral)
          .update(referral.id, { expiresAt: extended.expiresAt, extendedUntil: '2026-03-31' });
        return documents.reissueReferralDocument(tx, extended, clock.now());
      });
    const second = await reissue();
    expect(second.id).not.toBe(first.id);
    expect(second.content).toMatchObject({ validUntil: '2026-03-31', referralNumber: referral.number });
    // A retried extension issues no third version.
    expect((await reissue()).id).toBe(second.id);
    expect((await referralDocuments(referral.id)).map((d) => [d.id, d.supersededAt])).toEqual([
      [first.id, clock.now()],
      [second.id, null],
    ]);

    expect(await verify(first.verificationCode)).toEqual({
      valid: true,
      kind: 'REFERRAL',
      issuedAt: toAlmatyIso(referral.issuedAt),
      supersededAt: toAlmatyIso(clock.now()),
    });
    expect(await verify(second.verificationCode)).toMatchObject({ valid: true, kind: 'REFERRAL', supersededAt: null });

    const docs = (await documentsOf(app.id)).filter((d) => d.kind === 'REFERRAL');
    expect(docs).toHaveLength(1);
    const ru = await pdf(docs[0].url);
    expect(ru).toContain('31.03.2026');
    expect(ru).not.toContain('10.03.2026');
    expect(ru).toContain(second.verificationCode);
    // Only the expiry changed: the kindergarten is still the one named at issue.
    expect(ru).toContain('Ясли-сад «Куншуак»');
  });

  it("keeps one current version per referral, of that referral's application, in the database", async () => {
    const a = await withReferral();
    const b = await withReferral();
    const doc = await issue(a.app, a.referral);
    const copy = (over: Record<string, unknown>) =>
      db.query(
        `INSERT INTO queue.issued_document (application_id, referral_id, kind, issued_at, verification_code, content, content_sha256)
         SELECT $2, $3, kind, issued_at, $4, content, content_sha256 FROM queue.issued_document WHERE id = $1`,
        [doc.id, over.applicationId ?? a.app.id, over.referralId ?? a.referral.id, 'ZZZZZZZZZZZZZZZZZZZ2'],
      );
    await expect(copy({})).rejects.toThrow(/issued_document_referral_current_uq/);
    // b's referral, stated as a's application's document.
    await expect(copy({ referralId: b.referral.id })).rejects.toThrow(/issued_document_referral_fk/);
    await expect(
      db.query(`UPDATE queue.issued_document SET referral_id = NULL WHERE id = $1`, [doc.id]),
    ).rejects.toThrow(/issued_document_referral_kind/);
  });

  it('refuses to re-issue for a referral without a document', async () => {
    const { referral } = await withReferral();
    await expect(
      db.transaction((tx) => documents.reissueReferralDocument(tx, referral, clock.now())),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
