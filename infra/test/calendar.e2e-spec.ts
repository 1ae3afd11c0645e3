import { demoPerson } from '@kezek/demo';
import { gql, tokenFor } from '@kezek/testing';
import { startTestStack, TestStack } from './test-stack';

/**
 * The working-day calendar (R2) as an operator keeps it through the gateway: the demo ADMIN reads
 * a shipped year, declares a holiday and finds it in the year and in the trail; a parent reads the
 * calendar but cannot change it.
 */
describe('the working-day calendar through the gateway', () => {
  let running: TestStack;
  const admin = demoPerson('admin');
  const parent = demoPerson('aigerim');
  const bearer = async (p: typeof admin) => ({
    authorization: `Bearer ${await tokenFor({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes })}`,
  });
  const YEAR = `query { workingCalendar(year: 2026) { year workingDayCount days { date kind name { ru } } } }`;
  type Year = { workingCalendar: { workingDayCount: number; days: Array<{ date: string; kind: string }> } };
  const SET = `mutation { setHoliday(date: "2026-10-14", nameKk: "Сынақ", nameRu: "Тест", nameEn: "Test",
    kind: STATE, confirmed: true, reason: "Указ № 1 от 01.10.2026") { workingDayCount days { date kind } } }`;

  beforeAll(async () => {
    running = await startTestStack({ workers: false, env: { LOG_LEVEL: 'warn' }, onLine: () => undefined });
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lets an ADMIN change the calendar and see the change and its trail; a parent only reads', async () => {
    const before = await gql<Year>(running.url, YEAR, {}, await bearer(parent));
    expect(before.errors).toBeUndefined();
    expect(before.data!.workingCalendar.days).toContainEqual({
      date: '2026-03-23',
      kind: 'HOLIDAY',
      name: { ru: 'Наурыз мейрамы' },
    });
    const count = before.data!.workingCalendar.workingDayCount;

    const refused = await gql(running.url, SET, {}, await bearer(parent));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const set = await gql<{ setHoliday: { workingDayCount: number; days: Array<{ date: string; kind: string }> } }>(
      running.url,
      SET,
      {},
      await bearer(admin),
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setHoliday.workingDayCount).toBe(count - 1);
    expect(set.data!.setHoliday.days).toContainEqual({ date: '2026-10-14', kind: 'HOLIDAY' });

    const after = await gql<Year>(running.url, YEAR, {}, await bearer(parent));
    expect(after.data!.workingCalendar.workingDayCount).toBe(count - 1);

    const trail = await gql<{
      calendarChanges: Array<{ action: string; actor: string; date: string; reason: string }>;
    }>(running.url, `query { calendarChanges(year: 2026) { action actor date reason } }`, {}, await bearer(admin));
    expect(trail.data!.calendarChanges.at(-1)).toEqual({
      action: 'SET_HOLIDAY',
      actor: admin.id,
      date: '2026-10-14',
      reason: 'Указ № 1 от 01.10.2026',
    });
  });
});
