import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@kezek/auth';
import { KAZAKHSTAN_2027, KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, gql, startApp, tokenFor } from '@kezek/testing';
import { CalendarRepository } from '../src/calendar/calendar.repository';
import { CalendarService } from '../src/calendar/calendar.service';
import { queueData } from '../src/data-source';
import { startQueueApp } from './queue-app';

/**
 * R2 on real PostgreSQL: the shipped years in the table, ADMINs' changes through the subgraph, the
 * deadlines `CalendarService.workingDaysDeadline` counts on them (in this process and in another),
 * the trail, and every refusal changing nothing.
 */
describe('the working-day calendar operators keep (R2)', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let url: string;
  let calendar: CalendarService;
  /** The same service over its own connection pool: another process of the queue. */
  let elsewhere: CalendarService;
  const clock = new ManualClock('2026-04-01T05:00:00Z');
  const admin = { userId: randomUUID(), roles: [Role.ADMIN] };
  const operator = { userId: randomUUID(), roles: [Role.DISTRICT_OPERATOR], scopes: { regionIds: ['astana'] } };
  const parent = { userId: randomUUID(), roles: [Role.APPLICANT] };
  const as = async (who: typeof admin) => ({ authorization: `Bearer ${await tokenFor(who, clock)}` });
  // Thursday 9 April 2026, 10:00 Almaty: Fri 10 (1), Mon 13 (2), Tue 14 (3), Wed 15 (4), Thu 16 (5).
  const thursday = new Date('2026-04-09T10:00:00+05:00');

  const SET_HOLIDAY = `mutation($date: Date!, $reason: String!, $kind: HolidayKind!, $confirmed: Boolean!) {
    setHoliday(date: $date, nameKk: "Сынақ күні", nameRu: "Тестовый день", nameEn: "Test Day", kind: $kind,
      confirmed: $confirmed, reason: $reason) { year days { date kind name { en } } } }`;
  const SET_TRANSFER = `mutation($date: Date!, $kind: TransferKind!) {
    setTransferDay(date: $date, kind: $kind, decree: "Government decree No. 7 of 2026-03-30", confirmed: true,
      reason: "decree") { year days { date kind decree } } }`;
  const REMOVE = `mutation($date: Date!) { removeCalendarDay(date: $date, reason: "entered by mistake") { year } }`;
  const CHANGES = `query($year: Int!) { calendarChanges(year: $year) { id year at actor action date before after reason } }`;
  const holiday = (
    date: string,
    headers: Record<string, string>,
    reason = 'Government decree No. 5',
    confirmed = true,
  ) =>
    gql<{ setHoliday: { year: number; days: Array<{ date: string; kind: string; name: { en: string } | null }> } }>(
      url,
      SET_HOLIDAY,
      { date, reason, kind: 'STATE', confirmed },
      headers,
    );
  /** Everything the calendar tables hold, to prove a refusal changed nothing. */
  const tables = async () => ({
    years: await db.query(`SELECT year, data, version, updated_at, updated_by FROM queue.calendar_year ORDER BY year`),
    changes: await db.query(`SELECT count(*)::int AS n FROM queue.calendar_change`),
  });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string }) => e.code,
    );

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
    url = `${server.url}/graphql`;
    calendar = server.app.get(CalendarService);
    elsewhere = new CalendarService(db, new CalendarRepository(db), clock);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it('holds the shipped years, as the library counts them, with the load in the trail', async () => {
    const shipped = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
    const QUERY = `query($year: Int!) { workingCalendar(year: $year) {
      year workingDayCount sources notes days { date working kind name { kk ru en } holidayKind holidayDate decree confirmed note } } }`;
    for (const year of [2026, 2027]) {
      const read = await gql<{ workingCalendar: { workingDayCount: number; days: Array<{ date: string }> } }>(
        url,
        QUERY,
        { year },
        await as(parent),
      );
      expect(read.errors).toBeUndefined();
      expect(read.data!.workingCalendar.workingDayCount).toBe(shipped.workingDayCount(year));
      expect(read.data!.workingCalendar.days.map((d) => d.date)).toEqual(shipped.exceptionsOf(year).map((d) => d.date));
    }
    const nauryz = await gql<{ workingCalendar: { days: Array<Record<string, unknown>> } }>(
      url,
      QUERY,
      { year: 2026 },
      await as(parent),
    );
    expect(nauryz.data!.workingCalendar.days.find((d) => d.date === '2026-03-25')).toEqual({
      date: '2026-03-25',
      working: false,
      kind: 'HOLIDAY_MOVED_OFF_WEEKEND',
      name: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' },
      holidayKind: 'STATE',
      holidayDate: '2026-03-22',
      decree: null,
      confirmed: true,
      note: null,
    });
    const trail = await gql<{ calendarChanges: Array<Record<string, unknown>> }>(
      url,
      CHANGES,
      { year: 2027 },
      await as(admin),
    );
    expect(trail.data!.calendarChanges).toEqual([
      expect.objectContaining({ year: 2027, actor: 'system', action: 'LOAD_YEAR', date: null, before: null }),
    ]);
    expect(JSON.parse(trail.data!.calendarChanges[0].after as string)).toEqual(
      JSON.parse(JSON.stringify(KAZAKHSTAN_2027)),
    );
    expect(await calendar.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-16T23:59:59.999+05:00'));
    expect(await elsewhere.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-16T23:59:59.999+05:00'));
  });

  it('refuses anyone but an ADMIN, and a change without a reason, changing nothing', async () => {
    const before = await tables();
    for (const who of [parent, operator]) {
      const refused = await holiday('2026-04-15', await as(who));
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.data).toBeNull();
      const trail = await gql(url, CHANGES, { year: 2026 }, await as(who));
      expect(trail.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await holiday('2026-04-15', await as(admin), '   ')).errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ field: 'reason' })] },
    });
    expect(await tables()).toEqual(before);
  });

  it("moves a deadline when an ADMIN declares a Wednesday a holiday, in this process and another, with the trail's row", async () => {
    clock.set('2026-04-02T06:00:00Z');
    const changed = await holiday('2026-04-15', await as(admin));
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.setHoliday.days).toContainEqual({
      date: '2026-04-15',
      kind: 'HOLIDAY',
      name: { en: 'Test Day' },
    });
    // Wed 15 no longer counts: Thu 16 (4), Fri 17 (5).
    expect(await calendar.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-17T23:59:59.999+05:00'));
    expect(await elsewhere.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-17T23:59:59.999+05:00'));

    const trail = await gql<{ calendarChanges: Array<Record<string, unknown>> }>(
      url,
      CHANGES,
      { year: 2026 },
      await as(admin),
    );
    const last = trail.data!.calendarChanges.at(-1)!;
    expect(last).toMatchObject({
      year: 2026,
      at: '2026-04-02T11:00:00.000+05:00',
      actor: admin.userId,
      action: 'SET_HOLIDAY',
      date: '2026-04-15',
      before: null,
      reason: 'Government decree No. 5',
    });
    expect(JSON.parse(last.after as string)).toEqual({
      holidays: [
        {
          date: '2026-04-15',
          name: { kk: 'Сынақ күні', ru: 'Тестовый день', en: 'Test Day' },
          kind: 'state',
          confirmed: true,
        },
      ],
      transferredDaysOff: [],
      transferredWorkingDays: [],
    });
    await expect(
      db.query(`UPDATE queue.calendar_change SET reason = 'edited' WHERE id = $1`, [last.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM queue.calendar_change WHERE id = $1`, [last.id])).rejects.toThrow(/append-only/);
  });

  it('changes nothing and records nothing when the same holiday is set again', async () => {
    const before = await tables();
    const again = await holiday('2026-04-15', await as(admin), 'retried');
    expect(again.errors).toBeUndefined();
    expect(again.data!.setHoliday.days).toContainEqual({
      date: '2026-04-15',
      kind: 'HOLIDAY',
      name: { en: 'Test Day' },
    });
    expect(await tables()).toEqual(before);
  });

  it('refuses a transfer working day on a Tuesday, changing nothing; takes one on a Saturday', async () => {
    const before = await tables();
    const tuesday = await gql(url, SET_TRANSFER, { date: '2026-04-14', kind: 'WORKING_DAY' }, await as(admin));
    expect(tuesday.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [{ field: 'date', problem: expect.stringMatching(/2026-04-14 is not a Saturday or Sunday/) }],
      },
    });
    expect(await tables()).toEqual(before);

    const saturday = await gql<{ setTransferDay: { days: Array<Record<string, unknown>> } }>(
      url,
      SET_TRANSFER,
      { date: '2026-04-11', kind: 'WORKING_DAY' },
      await as(admin),
    );
    expect(saturday.data!.setTransferDay.days).toContainEqual({
      date: '2026-04-11',
      kind: 'TRANSFERRED_WORKING_DAY',
      decree: 'Government decree No. 7 of 2026-03-30',
    });
    // Sat 11 now counts: Fri 10 (1), Sat 11 (2), Mon 13 (3), Tue 14 (4), Thu 16 (5).
    expect(await elsewhere.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-16T23:59:59.999+05:00'));
  });

  it('removes a day, and refuses a day with nothing on it as NOT_FOUND', async () => {
    for (const date of ['2026-04-11', '2026-04-15'])
      expect((await gql(url, REMOVE, { date }, await as(admin))).errors).toBeUndefined();
    expect(await calendar.workingDaysDeadline(thursday, 5)).toEqual(new Date('2026-04-16T23:59:59.999+05:00'));
    const before = await tables();
    expect((await gql(url, REMOVE, { date: '2026-04-15' }, await as(admin))).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(await tables()).toEqual(before);
    const trail = await gql<{ calendarChanges: Array<{ action: string; date: string }> }>(
      url,
      CHANGES,
      { year: 2026 },
      await as(admin),
    );
    expect(trail.data!.calendarChanges.map((c) => `${c.action} ${c.date}`)).toEqual([
      'LOAD_YEAR null',
      'SET_HOLIDAY 2026-04-15',
      'SET_TRANSFER_DAY 2026-04-11',
      'REMOVE_DAY 2026-04-11',
      'REMOVE_DAY 2026-04-15',
    ]);
  });

  it('refuses a deadline or a change in a year not loaded as CALENDAR_YEAR_NOT_LOADED naming it; counts once an ADMIN loads it', async () => {
    // Mon 27 Dec 2027 + 5: 28, 29, 30, 31 December, then 2028 is needed.
    const lateDecember = new Date('2027-12-27T10:00:00+05:00');
    const refused = await calendar.workingDaysDeadline(lateDecember, 5).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'CALENDAR_YEAR_NOT_LOADED',
      details: { year: 2028, loadedYears: [2026, 2027] },
    });
    expect(
      Object.values((refused as { messages: Record<string, string> }).messages).every((m) => m.includes('2028')),
    ).toBe(true);

    const before = await tables();
    const change = await holiday('2028-01-03', await as(admin));
    expect(change.errors?.[0].extensions).toMatchObject({
      code: 'CALENDAR_YEAR_NOT_LOADED',
      messages: { en: expect.stringContaining('2028') },
    });
    expect(await tables()).toEqual(before);
    const read = await gql(url, `{ workingCalendar(year: 2028) { year } }`, {}, await as(parent));
    expect(read).toMatchObject({ data: { workingCalendar: null } });

    const data = JSON.stringify({
      year: 2028,
      holidays: [
        {
          date: '2028-01-01',
          name: { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" },
          kind: 'state',
          confirmed: true,
        },
        {
          date: '2028-01-02',
          name: { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" },
          kind: 'state',
          confirmed: true,
        },
      ],
      transferredDaysOff: [],
      transferredWorkingDays: [],
      sources: ['test decree'],
      notes: [],
    });
    const LOAD = `mutation($data: String!) { loadCalendarYear(data: $data, reason: "decree on 2028") { year workingDayCount } }`;
    expect((await gql(url, LOAD, { data: '{"year": 2028' }, await as(admin))).errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'data', problem: 'must be JSON' }] },
    });
    const loaded = await gql<{ loadCalendarYear: { year: number } }>(url, LOAD, { data }, await as(admin));
    expect(loaded.errors).toBeUndefined();
    expect(loaded.data!.loadCalendarYear.year).toBe(2028);
    // Sat 1 and Sun 2 January move their days off to Mon 3 and Tue 4: 28, 29, 30, 31 Dec, Wed 5 Jan.
    expect(await calendar.workingDaysDeadline(lateDecember, 5)).toEqual(new Date('2028-01-05T23:59:59.999+05:00'));

    const afterLoad = await tables();
    expect((await gql(url, LOAD, { data }, await as(admin))).errors).toBeUndefined();
    expect(await tables()).toEqual(afterLoad);
    const other = JSON.stringify({ ...JSON.parse(data), notes: ['another'] });
    expect((await gql(url, LOAD, { data: other }, await as(admin))).errors?.[0].extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await tables()).toEqual(afterLoad);
  });

  it('refuses a year out of range rather than answering null', async () => {
    const read = await gql(url, `{ workingCalendar(year: 1999) { year } }`, {}, await as(parent));
    expect(read.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(await code(calendar.changes({ year: 2101 }))).toBe('VALIDATION_FAILED');
  });
});
