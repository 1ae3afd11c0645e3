import { DataSource } from 'typeorm';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner } from '@kezek/auth';
import { ManualClock, toAlmatyIso } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { makeIin } from '@kezek/iin';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, gql, startApp, TEST_GATEWAY_SECRET, tokenFor } from '@kezek/testing';
import { Privilege } from '../src/application/models/privilege.enum';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { startQueueApp } from './queue-app';
import { IssuedDocumentRecord } from '../src/document/document.entity';
import { DocumentService } from '../src/document/document.service';

// pdf-parse's index runs a demo when it has no parent module: its library file is the extractor.
const pdfText = require('pdf-parse/lib/pdf-parse.js') as (pdf: Buffer) => Promise<{ text: string }>;

const PARENT = '11111111-1111-4111-8111-111111111111';
const OTHER_PARENT = '22222222-2222-4222-8222-222222222222';
const PUBLIC_URL = 'https://kezek.example.kz';
const TTL_SECONDS = 300;
/** Kazakh Cyrillic beyond Russian's: every one must survive into the PDF's text. */
const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

type DocumentView = {
  kind: string;
  title: string;
  titles: { kk: string };
  createdAt: string;
  url: string;
  urlKk: string;
};

describe('documents of an application (R22) on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const gateway = new GatewayCredentialSigner(TEST_GATEWAY_SECRET);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock, {
      DOCUMENTS_LINK_TTL_SECONDS: String(TTL_SECONDS),
      DOCUMENTS_PUBLIC_URL: PUBLIC_URL,
    });
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  let seq = 0;
  /** Files an application as the filing transaction does: the filing, then its documents in the same transaction. */
  const file = () =>
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
            privilege: Privilege.FIRST_PRIORITY,
            privilegeDocumentKind: 'Справка об инвалидности',
            privilegeDocumentNumber: `МСЭ-${seq}`,
            privilegeDocumentIssuedOn: '2026-02-01',
            privilegeDocumentIssuer: 'МСЭК',
          }),
          applicant: { userId: PARENT, fullName: 'СӘРСЕҢБАЕВА ГҮЛНҰР' },
          signatureId: null,
        },
        clock.now(),
      );
      await server.app.get(DocumentService).issueFilingDocuments(tx, app.id, clock.now());
      return app;
    });

  const DOCUMENTS = `query($id: ID) { application(id: $id) { documents { kind title titles { kk } createdAt url urlKk: url(lang: KK) } } }`;
  const documentsOf = async (id: string, userId = PARENT) =>
    (
      await gql<{ application: { documents: DocumentView[] } | null }>(
        `${server.url}/graphql`,
        DOCUMENTS,
        { id },
        { authorization: `Bearer ${await tokenFor({ userId }, clock)}` },
      )
    ).data!.application;

  /** GETs a document link's path from queue as the gateway does (its credential, the caller's headers). */
  const open = async (link: string, headers: Record<string, string> = {}) => {
    const { pathname, search } = new URL(link);
    return fetch(`${server.url}${pathname}${search}`, {
      headers: { [GATEWAY_CREDENTIAL_HEADER]: await gateway.sign('queue', clock.now()), ...headers },
    });
  };
  const codeOf = async (applicationId: string, kind: string) =>
    (await db.getRepository(IssuedDocumentRecord).findOneByOrFail({ applicationId, kind: kind as never }))
      .verificationCode;

  it('issues the four filing documents once and lists them in the order of Общие документы', async () => {
    const app = await file();
    // A repeated call (a retried filing) issues nothing twice.
    await db.transaction((tx) => server.app.get(DocumentService).issueFilingDocuments(tx, app.id, clock.now()));
    const docs = (await documentsOf(app.id))!.documents;
    expect(docs.map((d) => [d.kind, d.title, d.titles.kk])).toEqual([
      ['REGISTRATION_NOTICE', 'Уведомление о регистрации', 'Тіркеу туралы хабарлама'],
      ['DOCUMENTS_RECEIPT', 'Извещение о приеме документов', 'Құжаттарды қабылдау туралы хабарлама'],
      ['BOOK_REGISTRATION', 'Регистрация ребенка в книге учета', 'Баланы есепке алу кітабында тіркеу'],
      ['CHILD_CARD', 'Карточка ребенка', 'Бала карточкасы'],
    ]);
    expect(docs[0].createdAt).toBe('2026-03-02T10:00:00.000+05:00');
    expect(docs[0].url).toMatch(new RegExp(`^${PUBLIC_URL}/documents/[\\w.-]+\\.pdf\\?lang=ru$`));
    expect(docs[0].urlKk).toMatch(/\.pdf\?lang=kk$/);
    // Someone else's application shows nothing, and so hands out no link.
    expect(await documentsOf(app.id, OTHER_PARENT)).toBeNull();
  });

  it('serves each PDF in kk and ru with the data, the verification code and every Kazakh letter', async () => {
    const app = await file();
    const docs = (await documentsOf(app.id))!.documents;
    for (const doc of docs) {
      const code = await codeOf(app.id, doc.kind);
      for (const [lang, link] of [
        ['ru', doc.url],
        ['kk', doc.urlKk],
      ] as const) {
        const res = await open(link);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('cache-control')).toBe('private, no-store');
        const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).text;
        expect(text).toContain(lang === 'kk' ? doc.titles.kk : doc.title);
        expect(text).toContain(app.childFullName);
        expect(text).toContain(app.childIin);
        expect(text).toContain(app.number);
        expect(text).toContain(code);
        expect(text).toContain(`${PUBLIC_URL}/documents/verify/${code}`);
        if (lang === 'kk') for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
        if (lang === 'kk') expect(text).toContain('Бірінші кезектегі');
        if (lang === 'ru') expect(text).toContain('Первоочередной');
      }
    }
  });

  it('refuses a link without the gateway, with another sign-in, tampered with or expired, in JSON', async () => {
    const app = await file();
    const [doc] = (await documentsOf(app.id))!.documents;
    const { pathname, search } = new URL(doc.url);
    const direct = await fetch(`${server.url}${pathname}${search}`);
    expect(direct.status).toBe(401);
    expect((await direct.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const other = await open(doc.url, { authorization: `Bearer ${await tokenFor({ userId: OTHER_PARENT }, clock)}` });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await other.json()).errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      messages: { kk: expect.any(String) },
    });
    const same = await open(doc.url, { authorization: `Bearer ${await tokenFor({ userId: PARENT }, clock)}` });
    expect(same.status).toBe(200);

    // The link names its holder: putting another user's id in it breaks the signature.
    const tampered = doc.url.replace(PARENT, OTHER_PARENT);
    expect(tampered).not.toBe(doc.url);
    const forged = await open(tampered);
    expect(forged.status).toBe(401);
    expect((await forged.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const garbage = await open(`${PUBLIC_URL}/documents/not-a-token.pdf`);
    expect(garbage.status).toBe(401);
    const badLang = await open(doc.url.replace('lang=ru', 'lang=en'));
    expect(badLang.status).toBe(400);
    expect((await badLang.json()).errors[0].extensions.code).toBe('VALIDATION_FAILED');

    clock.advance((TTL_SECONDS + 1) * 1000);
    const expired = await open(doc.url);
    expect(expired.status).toBe(401);
    const body = await expired.json();
    expect(body.errors[0]).toMatchObject({ message: 'document link expired', extensions: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/);
  });

  it('answers the public check of a code without sign-in and without personal data', async () => {
    const app = await file();
    const code = await codeOf(app.id, 'BOOK_REGISTRATION');
    const VERIFY = `query($code: String!) { verifyDocument(code: $code) { valid kind title { kk ru en } issuedAt } }`;
    const good = await gql(`${server.url}/graphql`, VERIFY, { code: code.toLowerCase() });
    expect(good.data).toEqual({
      verifyDocument: {
        valid: true,
        kind: 'BOOK_REGISTRATION',
        title: {
          kk: 'Баланы есепке алу кітабында тіркеу',
          ru: 'Регистрация ребенка в книге учета',
          en: 'Registration in the book of records',
        },
        issuedAt: toAlmatyIso(clock.now()),
      },
    });
    for (const personal of [app.childFullName, app.childIin, app.number])
      expect(JSON.stringify(good.data)).not.toContain(personal);
    const bad = await gql(`${server.url}/graphql`, VERIFY, { code: 'AAAAAAAAAAAAAAAAAAAA' });
    expect(bad.data).toEqual({ verifyDocument: { valid: false, kind: null, title: null, issuedAt: null } });

    const http = await open(`${PUBLIC_URL}/documents/verify/${code}`);
    expect(http.status).toBe(200);
    expect(await http.json()).toMatchObject({ valid: true, kind: 'BOOK_REGISTRATION' });

    // A stored document whose content was changed afterwards no longer verifies.
    await db.query(
      `UPDATE queue.issued_document SET content = jsonb_set(content, '{childFullName}', '"X"') WHERE verification_code = $1`,
      [code],
    );
    expect((await gql(`${server.url}/graphql`, VERIFY, { code })).data).toMatchObject({
      verifyDocument: { valid: false },
    });
  });
});
