import { demoPerson } from '@kezek/demo';
import { gql, tokenFor } from '@kezek/testing';
import { lifecycleClient } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * Queue statistics through the gateway: an operator sees their region's queues per group year and
 * privilege as the children filed and offered through the real paths left them, with CSV and the
 * answer's source; anyone sees a city's open figures with small counts suppressed.
 */
describe('queue statistics', () => {
  let running: SigningStack;
  let client: ReturnType<typeof lifecycleClient>;
  const parent = demoPerson('aigerim');
  const operator = demoPerson('operator-astana');
  // A group year no demo child of Astana is in: its figures are exactly the children filed here.
  const YEAR = 2022;
  const STATS = `query($r: ID!, $y: Int) { queueStatistics(regionId: $r, groupYear: $y) {
    source lagSeconds replicaUnavailable asOf csv
    rows { areaId groupYear privilege inQueue onStopList notified referralIssued enrolled withdrawn removed
           offers offersLapsed referralsExpired referralsRevoked waitingDaysMedian waitingDaysP90 } } }`;
  const OPEN = `query($r: ID!) { openQueueStatistics(regionId: $r) { regionId source rows { groupYear waiting referralIssued enrolled } } }`;
  const as = async (key: string) => {
    const p = demoPerson(key);
    return {
      authorization: `Bearer ${await tokenFor({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes })}`,
      'x-kezek-portal': 'astana',
    };
  };
  const anonymous = { 'x-kezek-portal': 'astana' };

  beforeAll(async () => {
    running = await startSigningStack([parent, operator], {
      workers: true,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    client = lifecycleClient(running);
    await client.signIn('aigerim', parent.iin);
    await client.signIn('operator-astana', operator.iin);
    // Allocation order (R7) of F, N, N, N with two seats: F and the first N are offered.
    await client.file('aigerim', parent.iin, 901, 'FIRST_PRIORITY', `${YEAR}-01-11`, '2026-01-10');
    for (const [i, serial] of [902, 903, 904].entries())
      await client.file('aigerim', parent.iin, serial, 'NONE', `${YEAR}-02-1${i}`);
    const ks = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(
      running.url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { isState groups { id groupYear } } }`,
      {},
      anonymous,
    );
    const group = ks.data!.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === YEAR)!;
    const published = await gql(
      running.url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }',
      { g: group.id },
      client.as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    await client.until(
      'two offers in the statistics',
      async () =>
        (
          await gql<{ queueStatistics: { rows: Array<{ offers: number }> } }>(
            running.url,
            STATS,
            { r: 'astana', y: YEAR },
            await as('operator-astana'),
          )
        ).data?.queueStatistics.rows ?? [],
      (rows) => rows.reduce((n, r) => n + r.offers, 0) === 2,
    );
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it("gives the region's operator each queue by privilege, read where it says, with CSV", async () => {
    const res = await gql<{
      queueStatistics: Record<string, unknown> & { rows: Array<Record<string, unknown>>; csv: string };
    }>(running.url, STATS, { r: 'astana', y: YEAR }, await as('operator-astana'));
    expect(res.errors).toBeUndefined();
    const stats = res.data!.queueStatistics;
    // No replica in this stand: the primary answered, and says so.
    expect(stats).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: false });
    const zero = {
      onStopList: 0,
      referralIssued: 0,
      enrolled: 0,
      withdrawn: 0,
      removed: 0,
      offersLapsed: 0,
      referralsExpired: 0,
      referralsRevoked: 0,
    };
    expect(stats.rows).toEqual([
      {
        areaId: 'astana',
        groupYear: YEAR,
        privilege: 'FIRST_PRIORITY',
        ...zero,
        inQueue: 0,
        notified: 1,
        offers: 1,
        waitingDaysMedian: expect.any(Number),
        waitingDaysP90: expect.any(Number),
      },
      {
        areaId: 'astana',
        groupYear: YEAR,
        privilege: 'NONE',
        ...zero,
        inQueue: 2,
        notified: 1,
        offers: 1,
        waitingDaysMedian: expect.any(Number),
        waitingDaysP90: expect.any(Number),
      },
    ]);
    const lines = stats.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'areaId,groupYear,privilege,inQueue,onStopList,notified,referralIssued,enrolled,withdrawn,removed,offers,offersLapsed,referralsExpired,referralsRevoked,waitingDaysMedian,waitingDaysP90',
    );
    expect(lines[2]).toMatch(/^astana,2022,NONE,2,0,1,0,0,0,0,1,0,0,0,[\d.]+,[\d.]+$/);
  });

  it('refuses a parent, an operator of another region, and a region the portal does not serve', async () => {
    const code = async (key: string, r = 'astana') =>
      (await gql(running.url, STATS, { r, y: YEAR }, await as(key))).errors?.[0].extensions?.code;
    expect(await code('aigerim')).toBe('FORBIDDEN');
    expect(await code('operator-almaty')).toBe('FORBIDDEN');
    expect(await code('admin', 'almaty')).toBe('NOT_FOUND');
    expect((await gql(running.url, STATS, { r: 'astana', y: YEAR }, anonymous)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await gql(running.url, STATS, { r: 'astana', y: 1800 }, await as('admin'))).errors?.[0].extensions?.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('shows anyone the open figures, suppressing a count small enough to point at a family', async () => {
    const open = async () =>
      (
        await gql<{
          openQueueStatistics: {
            source: string;
            rows: Array<{ groupYear: number; waiting: number | null; referralIssued: number | null }>;
          };
        }>(running.url, OPEN, { r: 'astana' }, anonymous)
      ).data!.openQueueStatistics;
    const before = await open();
    expect(before.source).toBe('PRIMARY');
    // Four children of the year wait (two in the queue, two offered): too few to publish.
    expect(before.rows.find((r) => r.groupYear === YEAR)).toEqual({
      groupYear: YEAR,
      waiting: null,
      referralIssued: 0,
      enrolled: 0,
    });
    await client.file('aigerim', parent.iin, 905, 'NONE', `${YEAR}-03-15`);
    expect((await open()).rows.find((r) => r.groupYear === YEAR)).toMatchObject({ waiting: 5 });
  });
});
