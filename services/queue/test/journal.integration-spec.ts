import { DataSource } from 'typeorm';
import { Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, gql, startApp, tokenFor } from '@kezek/testing';
import { Application } from '../src/application/application.entity';
import { ApplicationSortField } from '../src/application/models/application-sort-field.enum';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';
import { SortDirection } from '../src/application/models/sort-direction.enum';
import { queueData } from '../src/data-source';
import { startQueueApp } from './queue-app';
import { filer, PARENT } from './filing.helper';

const OTHER_PARENT = '22222222-2222-4222-8222-222222222222';
const OPERATOR = '33333333-3333-4333-8333-333333333333';
const ADMIN = '55555555-5555-4555-8555-555555555555';
const MICRO_PARENT = '66666666-6666-4666-8666-666666666666';

type Filter = Record<string, unknown>;
type Order = { field: ApplicationSortField; direction: SortDirection };
interface Page {
  totalCount: number;
  nextCursor: string | null;
  items: Array<{ id: string; queueNumber: number | null }>;
}

const JOURNAL = `query($filter: ApplicationFilter, $first: Int, $after: String, $orderBy: ApplicationOrder) {
  myApplications(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount nextCursor items { id queueNumber }
  }
}`;
const at = (iso: string) => new Date(iso);

describe('the journal (Журнал заявлений) on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let url: string;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const file = filer(() => db);
  /** The parent's applications in Astana, and every application filed, in filing order. */
  const mine: Application[] = [];
  const all: Application[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
    url = `${server.url}/graphql`;

    const own = async (over: Parameters<typeof file>[0]) => {
      const app = await file(over);
      mine.push(app);
      all.push(app);
      return app;
    };
    // Almaty days: 2025-01-10T18:59:59Z is 23:59:59 on the 10th there, 19:00:00Z already the 11th.
    await own({
      childName: 'Айгерім Сапарова',
      applicantName: 'Сапарова Дана',
      birthDate: '2023-03-10',
      at: at('2025-01-10T18:59:59Z'),
    });
    await own({
      childName: 'Ali Khan',
      applicantName: 'Khan Marat',
      birthDate: '2023-05-01',
      privilege: Privilege.FIRST_PRIORITY,
      at: at('2025-01-10T19:00:00Z'),
    });
    await own({
      childName: 'Айгерім Жанболат',
      applicantName: 'Жанболат Ерлан',
      birthDate: '2022-07-07',
      privilege: Privilege.OUT_OF_TURN,
      at: at('2025-01-11T05:00:00Z'),
    });
    all.push(
      await file({
        applicantId: OTHER_PARENT,
        childName: 'Чужой Ребенок',
        birthDate: '2023-02-14',
        at: at('2025-01-11T10:00:00Z'),
      }),
    );
    // Filed at the same instant: the queue order falls back to the number, every sort to the id.
    await own({
      childName: 'Данияр 50%_x',
      birthDate: '2023-03-10',
      status: ApplicationStatus.NOTIFIED,
      at: at('2025-01-12T05:00:00Z'),
    });
    await own({
      childName: 'Берік Омаров',
      birthDate: '2023-08-15',
      status: ApplicationStatus.REFERRAL_ISSUED,
      at: at('2025-01-12T05:00:00Z'),
    });
    await own({
      childName: 'Сауле Омарова',
      birthDate: '2023-01-20',
      status: ApplicationStatus.WITHDRAWN,
      at: at('2025-01-13T05:00:00Z'),
    });
    await own({
      childName: 'Тимур Ахметов',
      birthDate: '2023-02-02',
      queueAreaId: 'astana-esil',
      at: at('2025-01-14T05:00:00Z'),
    });
    await own({
      childName: 'Мадина Серік',
      birthDate: '2023-11-11',
      privilege: Privilege.FIRST_PRIORITY,
      at: at('2025-01-15T05:00:00Z'),
    });
    await own({ childName: 'Арман Жанболат', birthDate: '2024-01-05', at: at('2025-01-16T05:00:00Z') });
    await own({
      childName: 'Әлия Төлеу',
      birthDate: '2023-12-31',
      status: ApplicationStatus.ENROLLED,
      at: at('2025-01-17T05:00:00Z'),
    });
    await own({ childName: 'Нұрлан Қасым', birthDate: '2023-04-04', at: at('2025-01-18T05:00:00Z') });
    await own({
      childName: 'Ali Khan',
      applicantName: 'khan marat',
      birthDate: '2023-06-06',
      at: at('2025-01-19T05:00:00Z'),
    });
    // Seen through the Almaty portal only.
    all.push(await file({ regionId: 'almaty', birthDate: '2023-09-09', at: at('2025-01-12T06:00:00Z') }));

    for (const [name, claims] of Object.entries({
      parent: { userId: PARENT },
      other: { userId: OTHER_PARENT },
      operator: { userId: OPERATOR, roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } },
      almatyOperator: { userId: OPERATOR, roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['almaty'] } },
      admin: { userId: ADMIN, roles: [Role.ADMIN] },
    }))
      tokens[name] = await tokenFor(claims, clock);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  const ask = (as: string, variables: Record<string, unknown>, portal?: string) =>
    gql<{ myApplications: Page }>(url, JOURNAL, variables, {
      authorization: `Bearer ${tokens[as]}`,
      ...(portal ? { 'x-kezek-portal': portal } : {}),
    });

  /** Every page, following nextCursor; each page's totalCount is the first page's. */
  const walk = async (as: string, variables: { filter?: Filter; orderBy?: Order; first?: number }, portal?: string) => {
    const ids: string[] = [];
    const queueNumbers: Array<number | null> = [];
    let after: string | null = null;
    let totalCount: number | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const res = await ask(as, { ...variables, after }, portal);
      expect(res.errors).toBeUndefined();
      const page: Page = res.data!.myApplications;
      totalCount ??= page.totalCount;
      expect(page.totalCount).toBe(totalCount);
      ids.push(...page.items.map((i) => i.id));
      queueNumbers.push(...page.items.map((i) => i.queueNumber));
      if (variables.first) expect(page.items.length).toBeLessThanOrEqual(variables.first);
      after = page.nextCursor;
      if (!after) break;
    }
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, totalCount: totalCount!, queueNumbers };
  };
  const idsOf = (apps: Application[]) => apps.map((a) => a.id).sort();
  const matching = async (filter: Filter, expected: (a: Application) => boolean) => {
    const { ids, totalCount } = await walk('parent', { filter, first: 2 });
    expect(ids.sort()).toEqual(idsOf(mine.filter(expected)));
    expect(totalCount).toBe(ids.length);
    return ids;
  };

  it('lists the parent’s own applications of the portal, newest first by default', async () => {
    const { ids, totalCount } = await walk('parent', { first: 5 });
    const newestFirst = [...mine].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
    );
    expect(ids).toEqual(newestFirst.map((a) => a.id));
    expect(totalCount).toBe(mine.length);
  });

  it('filters by number, exact or its beginning', async () => {
    const target = mine[4];
    expect(await matching({ number: target.number }, (a) => a.number === target.number)).toEqual([target.id]);
    // УО.2025.00001: the tenth filing of the year and on, not the first nine.
    const prefix = mine[11].number.slice(0, -3);
    const some = await matching({ number: prefix }, (a) => a.number.startsWith(prefix));
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(mine.length);
    await matching({ number: 'УО.1999.' }, () => false);
  });

  it('filters by a part of the child’s or the applicant’s name, in any case, wildcards taken literally', async () => {
    await matching({ childName: 'айгер' }, (a) => a.childFullName.toUpperCase().includes('АЙГЕР'));
    await matching({ childName: 'омаров' }, (a) => a.childFullName.toUpperCase().includes('ОМАРОВ'));
    await matching({ childName: '50%_' }, (a) => a.childFullName.includes('50%_'));
    await matching({ childName: '%' }, (a) => a.childFullName.includes('%'));
    await matching({ applicantName: 'KHAN' }, (a) => a.applicantFullName.toUpperCase().includes('KHAN'));
    await matching({ applicantName: 'сапар' }, (a) => a.applicantFullName === 'Сапарова Дана');
  });

  it('filters by the child’s IIN, birth date and its range, group year, queue area, privilege', async () => {
    await matching({ childIin: mine[2].childIin }, (a) => a.id === mine[2].id);
    await matching({ birthDate: '2023-03-10' }, (a) => a.childBirthDate === '2023-03-10');
    await matching(
      { birthDateFrom: '2023-03-10', birthDateTo: '2023-08-15' },
      (a) => a.childBirthDate >= '2023-03-10' && a.childBirthDate <= '2023-08-15',
    );
    await matching({ groupYear: 2022 }, (a) => a.groupYear === 2022);
    await matching({ queueAreaId: 'astana-esil' }, (a) => a.queueAreaId === 'astana-esil');
    await matching({ privilege: Privilege.FIRST_PRIORITY }, (a) => a.privilege === Privilege.FIRST_PRIORITY);
    await matching(
      { groupYear: 2023, privilege: Privilege.NONE },
      (a) => a.groupYear === 2023 && a.privilege === 'NONE',
    );
  });

  it('filters by status and by a list of statuses', async () => {
    await matching({ status: ApplicationStatus.WITHDRAWN }, (a) => a.status === ApplicationStatus.WITHDRAWN);
    const statuses = [ApplicationStatus.NOTIFIED, ApplicationStatus.REFERRAL_ISSUED, ApplicationStatus.ENROLLED];
    await matching({ statuses }, (a) => statuses.includes(a.status));
  });

  it('filters by filing day in Asia/Almaty, both ends inclusive (R1)', async () => {
    const day = (a: Application) => new Date(a.createdAt.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
    expect(await matching({ createdTo: '2025-01-10' }, (a) => day(a) <= '2025-01-10')).toEqual([mine[0].id]);
    await matching({ createdFrom: '2025-01-11', createdTo: '2025-01-11' }, (a) => day(a) === '2025-01-11');
    await matching({ createdFrom: '2025-01-12' }, (a) => day(a) >= '2025-01-12');
  });

  describe('queue numbers (R5): places among the counted children of an area and group year', () => {
    const area = { queueAreaId: 'astana', groupYear: 2023 };
    const queue = () =>
      all
        .filter((a) => a.regionId === 'astana' && a.queueAreaId === 'astana' && a.groupYear === 2023)
        .filter((a) => IN_QUEUE_STATUSES.includes(a.status))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.number < b.number ? -1 : 1));
    const places = (from: number, to = Infinity) => queue().slice(from - 1, to);

    it('finds a range, an open range and one place, counting others’ children in the places', async () => {
      expect(queue().some((a) => a.applicantId === OTHER_PARENT)).toBe(true);
      for (const [filter, expected] of [
        [{ ...area, queueNumberFrom: 2, queueNumberTo: 4 }, places(2, 4)],
        [{ ...area, queueNumberFrom: 5 }, places(5)],
        [{ ...area, queueNumberTo: 2 }, places(1, 2)],
        [{ ...area, queueNumber: 4 }, places(4, 4)],
        [{ ...area, queueNumberFrom: 500 }, []],
      ] as Array<[Filter, Application[]]>) {
        const { ids, totalCount, queueNumbers } = await walk('parent', { filter, first: 2 });
        const visible = expected.filter((a) => a.applicantId === PARENT);
        expect(ids.sort()).toEqual(idsOf(visible));
        expect(totalCount).toBe(visible.length);
        const from = (filter.queueNumberFrom ?? filter.queueNumber ?? 1) as number;
        const to = (filter.queueNumberTo ?? filter.queueNumber ?? Infinity) as number;
        for (const n of queueNumbers) expect(n! >= from && n! <= to).toBe(true);
      }
      // The other parent's child at place 3 is seen by the operator only.
      const third = await walk('operator', { filter: { ...area, queueNumber: 3 } });
      expect(third.ids).toEqual([places(3, 3)[0].id]);
      expect((await walk('parent', { filter: { ...area, queueNumber: 3 } })).ids).toEqual([]);
    });

    it('refuses a queue number without its area and group year, naming them', async () => {
      const res = await ask('parent', { filter: { queueNumberFrom: 2, groupYear: 2023 } });
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0].extensions?.details).toEqual({
        fields: [{ field: 'filter.queueAreaId', problem: 'is required to filter by queue number' }],
      });
    });
  });

  describe('sorting, each column both ways, pages of 3 concatenated', () => {
    const columns: Record<ApplicationSortField, string[]> = {
      NUMBER: ['number'],
      CHILD_NAME: ['child_full_name'],
      CHILD_IIN: ['child_iin'],
      QUEUE_NUMBER: ['created_at', 'number'],
      APPLICANT_NAME: ['applicant_full_name'],
      CREATED_AT: ['created_at'],
      STATUS: ['status'],
      PRIVILEGE: ['privilege'],
      BIRTH_DATE: ['child_birth_date'],
      GROUP_YEAR: ['group_year'],
    };
    /** The whole ordered list in one plain ORDER BY, to hold the keyset pages against. */
    const oracle = async (as: 'parent' | 'operator', field: ApplicationSortField, dir: SortDirection) => {
      const order = [...columns[field], 'id'].map((c) => `${c} ${dir}`).join(', ');
      const where = as === 'parent' ? `AND applicant_ids @> ARRAY['${PARENT}']::uuid[]` : '';
      const rows: Array<{ id: string }> = await db.query(
        `SELECT id FROM queue.application WHERE region_id = 'astana' ${where} ORDER BY ${order}`,
      );
      return rows.map((r) => r.id);
    };
    const byId = (id: string) => all.find((a) => a.id === id)!;
    /** What the column shows, for a check that does not trust SQL's ordering. */
    const shown: Partial<Record<ApplicationSortField, (a: Application) => string | number>> = {
      CREATED_AT: (a) => a.createdAt.getTime(),
      BIRTH_DATE: (a) => a.childBirthDate,
      GROUP_YEAR: (a) => a.groupYear,
      NUMBER: (a) => a.number,
      CHILD_IIN: (a) => a.childIin,
      STATUS: (a) => a.status,
    };

    for (const field of Object.values(ApplicationSortField))
      for (const direction of [SortDirection.ASC, SortDirection.DESC])
        it(`${field} ${direction}`, async () => {
          const orderBy = { field, direction };
          const { ids, totalCount } = await walk('parent', { orderBy, first: 3 });
          expect(ids).toEqual(await oracle('parent', field, direction));
          expect(totalCount).toBe(mine.length);
          const value = shown[field];
          if (value) {
            const values = ids.map((id) => value(byId(id)));
            const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
            expect(values).toEqual(direction === SortDirection.ASC ? sorted : sorted.reverse());
          }
        });

    it('walks the queue order with QUEUE_NUMBER, same-instant filings by number', async () => {
      const { ids, queueNumbers } = await walk('operator', {
        filter: { queueAreaId: 'astana', groupYear: 2023, statuses: IN_QUEUE_STATUSES },
        orderBy: { field: ApplicationSortField.QUEUE_NUMBER, direction: SortDirection.ASC },
        first: 2,
      });
      expect(queueNumbers).toEqual(ids.map((_, i) => i + 1));
      expect(ids).toEqual(
        await oracle('operator', ApplicationSortField.QUEUE_NUMBER, SortDirection.ASC).then((o) =>
          o.filter((id) => ids.includes(id)),
        ),
      );
    });
  });

  describe('who sees what (R9)', () => {
    it('shows another parent only their own', async () => {
      const { ids } = await walk('other', {});
      expect(ids).toEqual(all.filter((a) => a.applicantId === OTHER_PARENT).map((a) => a.id));
    });

    it('shows the parent’s application of another portal only through that portal', async () => {
      const { ids } = await walk('parent', {}, 'almaty');
      expect(ids).toEqual(all.filter((a) => a.regionId === 'almaty').map((a) => a.id));
    });

    it('shows an operator their region whole, and an operator of another region nothing of it', async () => {
      const astana = all.filter((a) => a.regionId === 'astana');
      const operator = await walk('operator', { first: 4 });
      expect(operator.ids.sort()).toEqual(idsOf(astana));
      expect(operator.totalCount).toBe(astana.length);
      const filtered = await walk('operator', { filter: { childName: 'чужой' } });
      expect(filtered.ids).toEqual(all.filter((a) => a.applicantId === OTHER_PARENT).map((a) => a.id));

      const stranger = await walk('almatyOperator', {});
      expect(stranger).toMatchObject({ ids: [], totalCount: 0 });
      expect((await walk('almatyOperator', {}, 'almaty')).ids).toEqual(
        all.filter((a) => a.regionId === 'almaty').map((a) => a.id),
      );
    });

    it('shows an admin every application of the portal’s regions', async () => {
      expect((await walk('admin', { first: 7 })).ids.sort()).toEqual(idsOf(all.filter((a) => a.regionId === 'astana')));
    });
  });

  describe('cursors', () => {
    it('refuses a malformed cursor', async () => {
      for (const after of ['garbage', Buffer.from('{"k":["x"],"i":"y","n":1,"h":"z"}').toString('base64url')]) {
        const res = await ask('parent', { after });
        expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
        expect(res.errors?.[0].extensions?.details).toMatchObject({ fields: [{ field: 'after' }] });
      }
    });

    it('refuses a cursor given with another filter, another sort, or by another caller', async () => {
      const first = (await ask('parent', { first: 2, filter: { groupYear: 2023 } })).data!.myApplications;
      expect(first.nextCursor).not.toBeNull();
      const after = first.nextCursor;
      for (const [as, variables] of [
        ['parent', { after, first: 2, filter: { groupYear: 2022 } }],
        ['parent', { after, first: 2 }],
        [
          'parent',
          { after, first: 2, filter: { groupYear: 2023 }, orderBy: { field: 'CREATED_AT', direction: 'ASC' } },
        ],
        ['operator', { after, first: 2, filter: { groupYear: 2023 } }],
      ] as Array<[string, Record<string, unknown>]>) {
        const res = await ask(as, variables);
        expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      }
      // The same filter written another way is the same query.
      const again = await ask('parent', {
        after,
        first: 2,
        filter: { groupYear: 2023 },
        orderBy: { field: 'CREATED_AT', direction: 'DESC' },
      });
      expect(again.errors).toBeUndefined();
    });

    it('pages through filing instants that differ only in microseconds', async () => {
      const apps = [];
      for (let i = 0; i < 3; i++) apps.push(await file({ applicantId: MICRO_PARENT, birthDate: '2022-05-05' }));
      // PostgreSQL keeps microseconds (rows imported from the old system have them); JavaScript's Date would
      // round all three to one millisecond, and a cursor holding that would repeat them.
      for (const [i, app] of apps.entries())
        await db.query(`UPDATE queue.application SET created_at = $1 WHERE id = $2`, [
          `2025-02-01T00:00:00.00000${3 - i}Z`,
          app.id,
        ]);
      tokens.micro = await tokenFor({ userId: MICRO_PARENT }, clock);
      for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
        const { ids } = await walk('micro', {
          orderBy: { field: ApplicationSortField.CREATED_AT, direction },
          first: 1,
        });
        const filingOrder = apps.map((a) => a.id).reverse();
        expect(ids).toEqual(direction === SortDirection.ASC ? filingOrder : filingOrder.reverse());
      }
    });

    it('keeps the first page’s totalCount on later pages, as documented', async () => {
      const first = (await ask('parent', { first: 2, filter: { groupYear: 2024 } })).data!.myApplications;
      expect(first.totalCount).toBe(1);
      await file({ childName: 'Поздний Ребенок', birthDate: '2024-02-02', at: at('2025-01-01T00:00:00Z') }).then(
        (late) => mine.push(late) && all.push(late),
      );
      const fresh = (await ask('parent', { first: 1, filter: { groupYear: 2024 } })).data!.myApplications;
      expect(fresh.totalCount).toBe(2);
      const second = (await ask('parent', { first: 1, after: fresh.nextCursor, filter: { groupYear: 2024 } })).data!
        .myApplications;
      expect(second.totalCount).toBe(2);
    });
  });
});
