import { Client } from 'pg';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { gql, tokenFor } from '@kezek/testing';
import { startTestStack, TestStack } from './test-stack';

const pdfText = require('pdf-parse/lib/pdf-parse.js') as (pdf: Buffer) => Promise<{ text: string }>;

/**
 * A demo application's documents (R22) as a portal gets them: their links from the graph, the PDF
 * through the gateway (which passes the path on to queue), and the public check of the printed
 * code with no sign-in, over GET and GraphQL.
 */
describe('documents through the gateway', () => {
  let running: TestStack;
  let gateway: string;
  const child = DEMO_CHILDREN.find((c) => c.applicant === 'aigerim' && c.key === 'amina')!;
  const owner = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const bearer = async (userId: string) => ({ authorization: `Bearer ${await tokenFor({ userId })}` });

  beforeAll(async () => {
    running = await startTestStack({ workers: false, env: { LOG_LEVEL: 'warn' }, onLine: () => undefined });
    gateway = new URL(running.url).origin;
  });

  afterAll(async () => {
    await running?.stop();
  });

  it("lists the demo application's documents and serves each PDF through the gateway to its owner only", async () => {
    const res = await gql<{ application: { number: string; documents: Array<{ kind: string; url: string }> } }>(
      running.url,
      `query($id: ID) { application(id: $id) { number documents { kind url(lang: KK) } } }`,
      { id: child.applicationId },
      await bearer(owner.id),
    );
    const { number, documents } = res.data!.application;
    expect(documents.map((d) => d.kind)).toEqual([
      'REGISTRATION_NOTICE',
      'DOCUMENTS_RECEIPT',
      'BOOK_REGISTRATION',
      'CHILD_CARD',
    ]);
    const [doc] = documents;
    expect(doc.url.startsWith(`${gateway}/documents/`)).toBe(true);

    const pdf = await fetch(doc.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).text;
    expect(text).toContain('Тіркеу туралы хабарлама');
    expect(text).toContain(child.fullName);
    expect(text).toContain(number);

    const someoneElse = await fetch(doc.url, { headers: await bearer(other.id) });
    expect(someoneElse.status).toBe(403);
    expect((await someoneElse.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    const forged = await fetch(doc.url.replace(owner.id, other.id), { headers: await bearer(other.id) });
    expect(forged.status).toBe(401);

    // queue's own port answers only the gateway.
    const queue = new URL(running.stack.subgraphs.find((s) => s.name === 'queue')!.url).origin;
    const direct = await fetch(`${queue}${new URL(doc.url).pathname}`);
    expect(direct.status).toBe(401);
  });

  it('checks a printed code without sign-in, over GET and GraphQL, and shows no personal data', async () => {
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    const { rows } = await db
      .query<{ verification_code: string }>(
        `SELECT verification_code FROM queue.issued_document WHERE application_id = $1 AND kind = 'CHILD_CARD'`,
        [child.applicationId],
      )
      .finally(() => db.end());
    const code = rows[0].verification_code;

    const get = await fetch(`${gateway}/documents/verify/${code}`);
    expect(get.status).toBe(200);
    const body = await get.json();
    expect(body).toMatchObject({ valid: true, kind: 'CHILD_CARD', title: { ru: 'Карточка ребенка' } });
    expect(JSON.stringify(body)).not.toContain(child.fullName);
    expect(JSON.stringify(body)).not.toContain(child.iin);

    const graph = await gql(running.url, `query($c: String!) { verifyDocument(code: $c) { valid kind } }`, { c: code });
    expect(graph.data).toEqual({ verifyDocument: { valid: true, kind: 'CHILD_CARD' } });
    const unknown = await fetch(`${gateway}/documents/verify/AAAAAAAAAAAAAAAAAAAA`);
    expect(await unknown.json()).toMatchObject({ valid: false, kind: null });
  });
});
