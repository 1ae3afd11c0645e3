import { Client } from 'pg';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * Filing as a portal does it (R4, R9): prepareApplication → the NCALayer emulator signs with the
 * parent's SIGN key → submitSigned, through the gateway. Every refusal has its own code and
 * changes nothing; numbers stay gap-free under concurrent filings.
 */
describe('filing an application through the gateway', () => {
  let running: SigningStack;
  let db: Client;
  let url: string;
  const parent = demoPerson('aigerim');
  const noEmail = demoPerson('olga');
  const otherParent = demoPerson('daniyar');
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    running = await startSigningStack([parent, noEmail, otherParent], {
      workers: false,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    url = running.url;
    db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    for (const p of [parent, noEmail, otherParent]) tokens.set(p.iin, await running.signIn(p.iin));
  });

  afterAll(async () => {
    await db?.end();
    await running?.stop();
  });

  const sign = (xml: string, iin: string, type: 'AUTH' | 'SIGN') => running.sign(xml, iin, type);
  const as = (iin: string, portal = 'astana') => ({
    authorization: `Bearer ${tokens.get(iin)}`,
    'x-kezek-portal': portal,
  });

  const PREPARE = `mutation($child: ChildInput!, $area: ID!, $privilege: Privilege, $language: Language,
      $document: PrivilegeDocumentInput) {
    prepareApplication(child: $child, regionId: $area, privilege: $privilege, language: $language,
      privilegeDocument: $document) { id xml expiresAt } }`;
  const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
    ... on Application { id number status groupYear regionId privilege language queueNumber privilegedQueueNumber
      applicantFullName child { iin fullName birthDate } privilegeDocument { kind number issuedOn issuer }
      history { action toStatus actor signatureId } } } }`;
  type Filed = {
    id: string;
    number: string;
    status: string;
    groupYear: number;
    queueNumber: number | null;
    history: Array<{ action: string; toStatus: string; actor: string; signatureId: string | null }>;
  } & Record<string, unknown>;

  let serial = 100;
  const child = (birthDate = '2024-09-15', over: Partial<{ iin: string; fullName: string }> = {}) => ({
    iin: makeIin(birthDate, 'F', (serial += 7)),
    fullName: 'Серікова Жұлдыз Дәуренқызы',
    birthDate,
    ...over,
  });
  const prepare = (vars: Record<string, unknown>, who = parent.iin, portal = 'astana') =>
    gql<{ prepareApplication: { id: string; xml: string } }>(
      url,
      PREPARE,
      { area: 'astana', ...vars },
      as(who, portal),
    );
  const submit = async (request: { id: string; xml: string }, who = parent.iin) =>
    gql<{ submitSigned: Filed }>(url, SUBMIT, { id: request.id, x: await sign(request.xml, who, 'SIGN') }, as(who));
  const file = async (vars: Record<string, unknown>, who = parent.iin) => {
    const prepared = await prepare(vars, who);
    expect(prepared.errors).toBeUndefined();
    return submit(prepared.data!.prepareApplication, who);
  };
  const counts = async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM queue.application)::int AS applications,
              (SELECT count(*) FROM queue.application_history)::int AS history,
              (SELECT coalesce(sum(last_value), 0) FROM queue.application_number_counter)::int AS numbers`,
    );
    return rows[0] as { applications: number; history: number; numbers: number };
  };

  it('files a child with the SIGN key: a number, the queue, and the signed FILED entry', async () => {
    const c = child();
    const res = await file({ child: c, language: 'KK' });
    expect(res.errors).toBeUndefined();
    const app = res.data!.submitSigned;
    const year = new Date().getUTCFullYear();
    expect(app).toMatchObject({
      number: expect.stringMatching(new RegExp(`^УО\\.${year}\\.\\d{6}\\.1$`)),
      status: 'IN_QUEUE',
      groupYear: 2024,
      regionId: 'astana',
      privilege: 'NONE',
      language: 'KK',
      queueNumber: expect.any(Number),
      privilegedQueueNumber: 0,
      applicantFullName: `${parent.surname} ${parent.givenName} ${parent.patronymic}`,
      child: { iin: c.iin, fullName: 'Серікова Жұлдыз Дәуренқызы', birthDate: c.birthDate },
      privilegeDocument: null,
    });
    expect(app.history).toEqual([
      { action: 'FILED', toStatus: 'IN_QUEUE', actor: parent.id, signatureId: expect.any(String) },
    ]);
    // The journal lists it; another parent cannot see it.
    const mine = await gql<{ application: { id: string } | null }>(
      url,
      'query($n: String) { application(number: $n) { id } }',
      { n: app.number },
      as(parent.iin),
    );
    expect(mine.data!.application).toEqual({ id: app.id });
    const theirs = await gql<{ application: { id: string } | null }>(
      url,
      'query($n: String) { application(number: $n) { id } }',
      { n: app.number },
      as(otherParent.iin),
    );
    expect(theirs.data!.application).toBeNull();
  });

  it('files a privilege with its document; the XML the parent signs names every parameter', async () => {
    const c = child('2023-04-02');
    const document = { kind: 'Справка об инвалидности', number: 'МСЭ-123', issuedOn: '2026-01-15', issuer: 'МСЭК' };
    const prepared = await prepare({ child: c, privilege: 'FIRST_PRIORITY', document });
    const request = prepared.data!.prepareApplication;
    expect(request.xml).toContain('<action>queue.file-application</action>');
    expect(request.xml).toContain(`<childIin>${c.iin}</childIin>`);
    expect(request.xml).toContain('<privilegeDocumentNumber>МСЭ-123</privilegeDocumentNumber>');
    const app = (await submit(request)).data!.submitSigned;
    expect(app).toMatchObject({ privilege: 'FIRST_PRIORITY', privilegeDocument: document, groupYear: 2023 });
    expect(app.privilegedQueueNumber).toEqual(expect.any(Number));
  });

  describe('refusals, each with its own code, changing nothing', () => {
    // Every row names who prepares (jest would take a missing third argument for `done`).
    const refusals: Array<[string, () => Record<string, unknown>, string]> = [
      ['CHILD_IIN_INVALID', () => ({ child: { ...child(), iin: '240915600001' } }), 'aigerim'],
      ['CHILD_IIN_MISMATCH', () => ({ child: { ...child('2024-09-15'), birthDate: '2024-09-16' } }), 'aigerim'],
      // The century-and-sex digit of a 1924 birth (3/4) on a 2024 birth date.
      [
        'CHILD_IIN_MISMATCH',
        () => ({ child: { ...child('2024-09-15'), iin: makeIin('1924-09-15', 'F', 5) } }),
        'aigerim',
      ],
      ['CHILD_TOO_OLD', () => ({ child: child('2018-01-10') }), 'aigerim'],
      ['VALIDATION_FAILED', () => ({ child: child('2099-01-10') }), 'aigerim'],
      ['PRIVILEGE_DOCUMENT_REQUIRED', () => ({ child: child(), privilege: 'OUT_OF_TURN' }), 'aigerim'],
      ['QUEUE_AREA_NOT_SERVED', () => ({ child: child(), area: 'almaty' }), 'aigerim'],
      ['QUEUE_AREA_NOT_SERVED', () => ({ child: child(), area: 'atlantis' }), 'aigerim'],
      ['EMAIL_REQUIRED', () => ({ child: child() }), 'olga'],
      [
        'ALREADY_IN_QUEUE',
        () => {
          const amina = DEMO_CHILDREN.find((c) => c.key === 'amina')!;
          return { child: { iin: amina.iin, fullName: amina.fullName, birthDate: amina.birthDate } };
        },
        'aigerim',
      ],
    ];
    it.each(refusals)('%s', async (code, vars, who) => {
      const before = await counts();
      const res = await prepare(vars(), demoPerson(who).iin);
      expect(res.errors?.[0].extensions?.code).toBe(code);
      expect(res.errors?.[0].extensions?.messages).toEqual({
        kk: expect.any(String),
        ru: expect.any(String),
        en: expect.any(String),
      });
      expect(await counts()).toEqual(before);
    });

    it('states the age limit of the portal policy in the message', async () => {
      const res = await prepare({ child: child('2018-01-10') });
      expect((res.errors?.[0].extensions?.messages as { ru: string }).ru).toContain('до 6 лет');
    });
  });

  it('performs a request once: a second submit returns the same application', async () => {
    const prepared = (await prepare({ child: child() })).data!.prepareApplication;
    const signed = await sign(prepared.xml, parent.iin, 'SIGN');
    const first = await gql<{ submitSigned: Filed }>(url, SUBMIT, { id: prepared.id, x: signed }, as(parent.iin));
    const second = await gql<{ submitSigned: Filed }>(url, SUBMIT, { id: prepared.id, x: signed }, as(parent.iin));
    expect(second.data!.submitSigned).toEqual(first.data!.submitSigned);
  });

  it('refuses the second of two signed filings for the same child, even submitted at once, and skips no number', async () => {
    const c = child('2023-11-30');
    const a = (await prepare({ child: c })).data!.prepareApplication;
    const b = (await prepare({ child: c })).data!.prepareApplication;
    const before = await counts();
    const results = await Promise.all([submit(a), submit(b)]);
    const codes = results.map((r) => r.errors?.[0].extensions?.code ?? 'FILED').sort();
    expect(codes).toEqual(['ALREADY_IN_QUEUE', 'FILED']);
    expect(await counts()).toEqual({
      applications: before.applications + 1,
      history: before.history + 1,
      numbers: before.numbers + 1,
    });
  });

  it('gives concurrent filings consecutive numbers: none shared, none skipped', async () => {
    const prepared = await Promise.all(
      Array.from({ length: 12 }, (_, i) => prepare({ child: child(`2022-0${(i % 9) + 1}-1${i % 10}`) })),
    );
    const requests = prepared.map((p) => {
      expect(p.errors).toBeUndefined();
      return p.data!.prepareApplication;
    });
    const filed = await Promise.all(requests.map((r) => submit(r)));
    const numbers = filed.map((f) => {
      expect(f.errors).toBeUndefined();
      return Number(f.data!.submitSigned.number.split('.')[2]);
    });
    const sorted = [...numbers].sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(12);
    expect(sorted[11] - sorted[0]).toBe(11);
    const { rows } = await db.query(
      `SELECT last_value FROM queue.application_number_counter WHERE portal_id = 'astana' AND year = $1`,
      [new Date().getUTCFullYear()],
    );
    expect(rows[0].last_value).toBe(sorted[11]);
  });
});
