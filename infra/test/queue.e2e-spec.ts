import { demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * The queue as parents and operators see it through the gateway, every application filed with a
 * signature: positions across privileges and filing instants (R5, R6), the journal's filters,
 * sorting and pages, and who sees what (R9).
 */
describe('the queue and its journal through the gateway', () => {
  let running: SigningStack;
  let url: string;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operatorAstana = demoPerson('operator-astana');
  const operatorAlmaty = demoPerson('operator-almaty');
  const tokens = new Map<string, string>();
  const as = (key: string, portal = 'astana') => ({
    authorization: `Bearer ${tokens.get(key)}`,
    'x-kezek-portal': portal,
  });
  // A group year no demo child is in, so the queue below is exactly the children filed here.
  const YEAR = 2022;
  const filed: Array<{ id: string; number: string; privilege: string; name: string }> = [];

  beforeAll(async () => {
    running = await startSigningStack([parent, other, operatorAstana, operatorAlmaty], {
      workers: false,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    url = running.url;
    for (const p of [parent, other, operatorAstana, operatorAlmaty]) tokens.set(p.key, await running.signIn(p.iin));
    // In filing order: N, F, O, N, F, N (N none, F first priority, O out of turn).
    const privileges = ['NONE', 'FIRST_PRIORITY', 'OUT_OF_TURN', 'NONE', 'FIRST_PRIORITY', 'NONE'];
    for (const [i, privilege] of privileges.entries()) {
      const name = `Тестова Бала ${String.fromCharCode(0x410 + i)}`;
      const prepared = await gql<{ prepareApplication: { id: string; xml: string } }>(
        url,
        `mutation($child: ChildInput!, $privilege: Privilege, $document: PrivilegeDocumentInput) {
          prepareApplication(child: $child, regionId: "astana", privilege: $privilege, privilegeDocument: $document) {
            id xml } }`,
        {
          child: {
            iin: makeIin(`${YEAR}-0${i + 1}-15`, 'M', 300 + i * 7),
            fullName: name,
            birthDate: `${YEAR}-0${i + 1}-15`,
          },
          privilege,
          document:
            privilege === 'NONE'
              ? null
              : { kind: 'Справка', number: `D-${i}`, issuedOn: '2026-01-10', issuer: 'Орган' },
        },
        as('aigerim'),
      );
      expect(prepared.errors).toBeUndefined();
      const request = prepared.data!.prepareApplication;
      const submitted = await gql<{ submitSigned: { id: string; number: string } }>(
        url,
        'mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) { ... on Application { id number } } }',
        { id: request.id, x: await running.sign(request.xml, parent.iin, 'SIGN') },
        as('aigerim'),
      );
      expect(submitted.errors).toBeUndefined();
      filed.push({ ...submitted.data!.submitSigned, privilege, name });
    }
  });

  afterAll(async () => {
    await running?.stop();
  });

  type Row = { id: string; number: string; queueNumber: number; privilegedQueueNumber: number };
  type Page = { myApplications: { totalCount: number; nextCursor: string | null; items: Row[] } };
  const JOURNAL = `query($filter: ApplicationFilter, $orderBy: ApplicationOrder, $first: Int, $after: String) {
    myApplications(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount nextCursor items { id number queueNumber privilegedQueueNumber } } }`;
  const journal = (who: string, vars: Record<string, unknown>, portal = 'astana') =>
    gql<Page>(url, JOURNAL, vars, as(who, portal));
  const ids = (rows: Row[]) => rows.map((r) => r.id);

  it('numbers the queue by filing instant, each privilege category on its own (R5, R6)', async () => {
    const res = await journal('aigerim', {
      filter: { groupYear: YEAR, queueAreaId: 'astana' },
      orderBy: { field: 'QUEUE_NUMBER', direction: 'ASC' },
      first: 10,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.myApplications.items.map((r) => [r.id, r.queueNumber, r.privilegedQueueNumber])).toEqual([
      [filed[0].id, 1, 0],
      [filed[1].id, 2, 1],
      [filed[2].id, 3, 1],
      [filed[3].id, 4, 0],
      [filed[4].id, 5, 2],
      [filed[5].id, 6, 0],
    ]);
  });

  it('filters by each column the parent sees, and by queue places', async () => {
    const only = async (filter: Record<string, unknown>) =>
      ids((await journal('aigerim', { filter: { groupYear: YEAR, ...filter } })).data!.myApplications.items).sort();
    expect(await only({ number: filed[3].number })).toEqual([filed[3].id]);
    expect(await only({ childName: 'бала г' })).toEqual([filed[3].id]);
    expect(await only({ privilege: 'FIRST_PRIORITY' })).toEqual([filed[1].id, filed[4].id].sort());
    expect(await only({ birthDate: `${YEAR}-05-15` })).toEqual([filed[4].id]);
    expect(await only({ applicantName: parent.givenName.slice(0, 3).toLowerCase() })).toHaveLength(6);
    expect(await only({ queueAreaId: 'astana', queueNumberFrom: 2, queueNumberTo: 3 })).toEqual(
      [filed[1].id, filed[2].id].sort(),
    );
    const missingArea = await journal('aigerim', { filter: { queueNumber: 2 } });
    expect(missingArea.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('pages with a cursor that carries the total, and refuses it with another filter', async () => {
    const filter = { groupYear: YEAR };
    const orderBy = { field: 'NUMBER', direction: 'DESC' };
    const first = await journal('aigerim', { filter, orderBy, first: 4 });
    const page1 = first.data!.myApplications;
    const second = await journal('aigerim', { filter, orderBy, first: 4, after: page1.nextCursor });
    const page2 = second.data!.myApplications;
    expect(page1.totalCount).toBe(6);
    expect(page2.totalCount).toBe(6);
    expect(page2.nextCursor).toBeNull();
    expect([...ids(page1.items), ...ids(page2.items)]).toEqual([...filed].reverse().map((f) => f.id));
    const wrong = await journal('aigerim', { filter: { groupYear: 2021 }, orderBy, first: 4, after: page1.nextCursor });
    expect(wrong.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('shows the applications to their parent and the region’s operator only (R9)', async () => {
    const count = async (who: string, portal = 'astana') =>
      (await journal(who, { filter: { groupYear: YEAR } }, portal)).data!.myApplications.totalCount;
    expect(await count('aigerim')).toBe(6);
    expect(await count('operator-astana')).toBe(6);
    expect(await count('daniyar')).toBe(0);
    expect(await count('operator-almaty', 'almaty')).toBe(0);
    // Through another portal even the parent sees none of them, and a number cannot be probed.
    expect(await count('aigerim', 'almaty')).toBe(0);
    const probe = await gql<{ application: unknown }>(
      url,
      'query($n: String) { application(number: $n) { id } }',
      { n: filed[0].number },
      as('daniyar'),
    );
    expect(probe.data!.application).toBeNull();
  });
});
