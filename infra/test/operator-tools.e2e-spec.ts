import { Client } from 'pg';
import { demoKindergartenId, demoPerson } from '@kezek/demo';
import { gql } from '@kezek/testing';
import { lifecycleClient } from './lifecycle-helpers';
import { MessagingStack, startMessagingStack } from './signing-stack';

/**
 * The operator's tools through the gateway with the workers running: seat fill per kindergarten
 * and group year, notification delivery rates per channel and kind, and removal from the queue
 * with a reason. Every figure is checked against what the test itself did through the public API
 * (filed, published, chose, notified, removed); an operator of another region is refused.
 */
describe('operator tools: seat fill, delivery rates, removal from the queue', () => {
  let running: MessagingStack;
  let client: ReturnType<typeof lifecycleClient>;
  const parent = demoPerson('aigerim');
  const operator = demoPerson('operator-astana');
  const elsewhere = demoPerson('operator-almaty');
  const admin = demoPerson('admin');
  const people = [parent, operator, elsewhere, admin];
  const KINDERGARTEN = demoKindergartenId('astana', 10);
  // A group year no demo child of Astana is in: its queue is exactly the children filed here.
  const YEAR = 2022;
  // Monday 1 March 2027, 09:00 in Almaty (R1): SMS go at once, not held for the morning.
  const START = new Date('2027-03-01T04:00:00Z');
  const DAY = 86_400_000;

  const gq = async <T>(query: string, vars: Record<string, unknown>, who: string) =>
    gql<T>(running.url, query, vars, client.as(who));
  const data = async <T>(query: string, vars: Record<string, unknown>, who: string) => {
    const res = await gq<T>(query, vars, who);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const code = async (query: string, vars: Record<string, unknown>, who: string) =>
    (await gq(query, vars, who)).errors?.[0].extensions?.code;

  const REPORT = 'source lagSeconds replicaUnavailable asOf csv';
  type Report = { source: string; lagSeconds: number | null; replicaUnavailable: boolean; asOf: string; csv: string };

  const FILL = `query($r: ID!, $y: Int) { seatFill(regionId: $r, groupYear: $y) { ${REPORT}
    rows { kindergartenId kindergartenName districtId isState groupYear capacity occupied enrolled claimed held free fillRatio } } }`;
  type FillRow = {
    kindergartenId: string;
    groupYear: number;
    capacity: number;
    occupied: number;
    enrolled: number;
    claimed: number;
    held: number;
    free: number;
    fillRatio: number | null;
  };
  const fill = async (who = 'operator-astana') =>
    (await data<{ seatFill: Report & { rows: FillRow[] } }>(FILL, { r: 'astana', y: YEAR }, who)).seatFill;
  const fillOf = async () => (await fill()).rows.find((r) => r.kindergartenId === KINDERGARTEN)!;
  /** The region's seats of the year: a round holds the area's oldest free seats, wherever they are. */
  const total = (rows: FillRow[]) => {
    const sum = (k: keyof FillRow) => rows.reduce((n, r) => n + (r[k] as number), 0);
    return {
      capacity: sum('capacity'),
      occupied: sum('occupied'),
      enrolled: sum('enrolled'),
      claimed: sum('claimed'),
      freeOrHeld: sum('free') + sum('held'),
    };
  };

  const RATES = `query($r: ID!, $from: String!, $to: String!) { notificationDeliveryRates(regionId: $r, from: $from, to: $to) {
    ${REPORT} from to rows { channel kind notices queued sent delivered failed reachedRate medianSecondsToReach } } }`;
  type RateRow = {
    channel: string;
    kind: string;
    notices: number;
    queued: number;
    sent: number;
    delivered: number;
    failed: number;
    reachedRate: number | null;
    medianSecondsToReach: number | null;
  };
  const period = { r: 'astana', from: START.toISOString(), to: new Date(START.getTime() + DAY).toISOString() };
  const rates = async (who = 'operator-astana', vars = period) =>
    (await data<{ notificationDeliveryRates: Report & { rows: RateRow[] } }>(RATES, vars, who))
      .notificationDeliveryRates;

  const APP = `query($id: ID) { application(id: $id) { id number status queueNumber currentOffer { id }
    referrals { id status closeReason } history { action fromStatus toStatus actor reason } } }`;
  type AppView = {
    id: string;
    number: string;
    status: string;
    queueNumber: number | null;
    currentOffer: { id: string } | null;
    referrals: Array<{ id: string; status: string; closeReason: string | null }>;
    history: Array<{ action: string; fromStatus: string | null; toStatus: string; actor: string; reason: string }>;
  };
  const view = async (id: string) => (await data<{ application: AppView }>(APP, { id }, 'aigerim')).application;

  const REMOVE = `mutation($a: ID!, $reason: String!) { removeFromQueue(applicationId: $a, reason: $reason) { id status } }`;
  const REASON = 'Дубликат заявления: ребёнок уже посещает частный детский сад';

  const notices = async (kind: string) =>
    (
      await data<{ myNotifications: Array<{ kind: string; channel: string; status: string; body: string }> }>(
        '{ myNotifications { kind channel status body } }',
        {},
        'aigerim',
      )
    ).myNotifications.filter((n) => n.kind === kind);
  const settled = (kind: string, n: number) =>
    client.until(
      `${n} ${kind} notices settled`,
      () => notices(kind),
      (list) => list.length === n && list.every((x) => x.status !== 'QUEUED'),
    );

  let groupId: string;
  let before: { kindergarten: FillRow; region: ReturnType<typeof total> };
  const filed: Array<{ id: string; number: string }> = [];
  let referralId: string;

  beforeAll(async () => {
    running = await startMessagingStack(people, {
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    client = lifecycleClient(running);
    await client.signIn('admin', admin.iin);
    await data('mutation($to: String) { advanceClock(to: $to) { now } }', { to: START.toISOString() }, 'admin');
    // Tokens expire on the moved clock: everyone signs in on it.
    for (const p of people) await client.signIn(p.key, p.iin);

    for (const serial of [801, 802, 803])
      filed.push(await client.file('aigerim', parent.iin, serial, 'NONE', `${YEAR}-05-${serial - 790}`));
    const ks = await data<{ kindergartens: Array<{ id: string; groups: Array<{ id: string; groupYear: number }> }> }>(
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { id groups { id groupYear } } }`,
      {},
      'operator-astana',
    );
    groupId = ks.kindergartens.find((k) => k.id === KINDERGARTEN)!.groups.find((g) => g.groupYear === YEAR)!.id;
    const rows = (await fill()).rows;
    before = { kindergarten: rows.find((r) => r.kindergartenId === KINDERGARTEN)!, region: total(rows) };

    // Two seats: the first two children filed are notified (R10), the first chooses this kindergarten (R12).
    await data('mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }', { g: groupId }, 'operator-astana');
    for (const a of filed.slice(0, 2))
      await client.until(
        `${a.number} notified`,
        () => view(a.id),
        (v) => v.status === 'NOTIFIED',
      );
    const chosen = await client.signed<{ id: string; state: string }>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: filed[0].id, g: groupId },
    );
    expect(chosen.errors).toBeUndefined();
    referralId = chosen.data!.id;
    await settled('TURN_CAME', 6);
    await settled('REFERRAL_ISSUED', 3);
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
  });

  it("gives the region's operator each kindergarten's seats as the publication and the choice left them, with CSV", async () => {
    const report = await fill();
    // No replica in this stand: the primary answered, and says so.
    expect(report).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: false });
    // Two seats published out of what counted as occupied; one of them claimed by the referral, the
    // other still free or held for the second child's offer.
    expect(total(report.rows)).toEqual({
      ...before.region,
      occupied: before.region.occupied - 2,
      claimed: before.region.claimed + 1,
      freeOrHeld: before.region.freeOrHeld + 1,
    });
    const row = report.rows.find((r) => r.kindergartenId === KINDERGARTEN)!;
    expect(row).toMatchObject({ capacity: before.kindergarten.capacity, claimed: before.kindergarten.claimed + 1 });
    for (const r of report.rows) {
      expect(r.occupied + r.claimed + r.held + r.free).toBe(r.capacity);
      expect(r.fillRatio).toBe(Math.round(((r.capacity - r.free - r.held) / r.capacity) * 1000) / 1000);
      expect(r.groupYear).toBe(YEAR);
    }
    const lines = report.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'kindergartenId,kindergartenName,districtId,isState,groupYear,capacity,occupied,enrolled,claimed,held,free,fillRatio',
    );
    expect(lines).toHaveLength(report.rows.length + 1);
    expect(lines.find((l) => l.startsWith(KINDERGARTEN))).toMatch(
      new RegExp(
        `,${YEAR},${row.capacity},${row.occupied},${row.enrolled},${row.claimed},${row.held},${row.free},${row.fillRatio ?? ''}$`,
      ),
    );
    // An ADMIN reads the same figures.
    expect((await fill('admin')).rows).toEqual(report.rows);
  });

  it('gives the delivery of the notices the test caused, per channel and kind, with CSV', async () => {
    const report = await rates();
    expect(report).toMatchObject({ source: 'PRIMARY', lagSeconds: null, replicaUnavailable: false });
    const reached = { queued: 0, failed: 0, reachedRate: 1 };
    // Two children notified (R10), one referral issued (R12); the development providers accept every send.
    expect(report.rows.map(({ medianSecondsToReach: _, ...r }) => r)).toEqual([
      { kind: 'REFERRAL_ISSUED', channel: 'EMAIL', notices: 1, sent: 1, delivered: 0, ...reached },
      { kind: 'REFERRAL_ISSUED', channel: 'IN_APP', notices: 1, sent: 0, delivered: 1, ...reached },
      { kind: 'REFERRAL_ISSUED', channel: 'SMS', notices: 1, sent: 0, delivered: 1, ...reached },
      { kind: 'TURN_CAME', channel: 'EMAIL', notices: 2, sent: 2, delivered: 0, ...reached },
      { kind: 'TURN_CAME', channel: 'IN_APP', notices: 2, sent: 0, delivered: 2, ...reached },
      { kind: 'TURN_CAME', channel: 'SMS', notices: 2, sent: 0, delivered: 2, ...reached },
    ]);
    for (const r of report.rows) expect(r.medianSecondsToReach).toBeGreaterThanOrEqual(0);
    // In-app is there once written.
    expect(report.rows.filter((r) => r.channel === 'IN_APP').map((r) => r.medianSecondsToReach)).toEqual([0, 0]);
    const lines = report.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,channel,notices,queued,sent,delivered,failed,reachedRate,medianSecondsToReach');
    expect(lines[1]).toMatch(/^REFERRAL_ISSUED,EMAIL,1,0,1,0,0,1,[\d.]+$/);
    // The day before: nothing.
    const earlier = { ...period, from: new Date(START.getTime() - DAY).toISOString(), to: period.from };
    expect((await rates('admin', earlier)).rows).toEqual([]);
  });

  it('refuses the statistics to a parent, an operator of another region, another portal’s region and a bad period', async () => {
    expect(await code(FILL, { r: 'astana', y: YEAR }, 'operator-almaty')).toBe('FORBIDDEN');
    expect(await code(FILL, { r: 'astana', y: YEAR }, 'aigerim')).toBe('FORBIDDEN');
    expect(await code(FILL, { r: 'almaty', y: YEAR }, 'admin')).toBe('NOT_FOUND');
    expect(await code(FILL, { r: 'astana', y: 1800 }, 'admin')).toBe('VALIDATION_FAILED');
    expect(await code(RATES, period, 'operator-almaty')).toBe('FORBIDDEN');
    expect(await code(RATES, period, 'aigerim')).toBe('FORBIDDEN');
    expect(await code(RATES, { ...period, r: 'almaty' }, 'admin')).toBe('NOT_FOUND');
    expect(await code(RATES, { ...period, to: period.from }, 'admin')).toBe('VALIDATION_FAILED');
    expect(await code(RATES, { ...period, from: '1 March' }, 'admin')).toBe('VALIDATION_FAILED');
  });

  it('removes a child holding a referral: REMOVED with the reason in its history, the seat freed, the parent told, once', async () => {
    const [first] = filed;
    // Not seen by another region's operator, not the parent's to do: nothing changes.
    expect(await code(REMOVE, { a: first.id, reason: REASON }, 'operator-almaty')).toBe('NOT_FOUND');
    expect(await code(REMOVE, { a: first.id, reason: REASON }, 'aigerim')).toBe('FORBIDDEN');
    expect(await code(REMOVE, { a: first.id, reason: 'x' }, 'operator-astana')).toBe('VALIDATION_FAILED');
    expect((await view(first.id)).status).toBe('REFERRAL_ISSUED');

    const removed = await gq<{ removeFromQueue: { id: string; status: string } }>(
      REMOVE,
      { a: first.id, reason: REASON },
      'operator-astana',
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeFromQueue).toEqual({ id: first.id, status: 'REMOVED' });
    const app = await view(first.id);
    expect(app).toMatchObject({ status: 'REMOVED', queueNumber: null });
    expect(app.referrals).toEqual([{ id: referralId, status: 'EXPIRED', closeReason: 'REMOVED_FROM_QUEUE' }]);
    expect(app.history.at(-1)).toEqual({
      action: 'REMOVED_BY_OPERATOR',
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'REMOVED',
      actor: operator.id,
      reason: REASON,
    });

    // The referral's seat is free again (the queue's inbox releases it at vacancies).
    await client.until(
      'the seat freed',
      async () => total((await fill()).rows),
      (t) => t.claimed === before.region.claimed && t.freeOrHeld === before.region.freeOrHeld + 2,
    );
    expect((await fillOf()).claimed).toBe(before.kindergarten.claimed);
    const told = await settled('REMOVED_BY_OPERATOR', 3);
    expect(told.map((n) => n.channel).sort()).toEqual(['EMAIL', 'IN_APP', 'SMS']);
    expect(told.every((n) => n.body.includes(first.number))).toBe(true);

    // Again (a retry): the same answer, no second history entry, no second event.
    const again = await gq<{ removeFromQueue: { id: string; status: string } }>(
      REMOVE,
      { a: first.id, reason: REASON },
      'operator-astana',
    );
    expect(again.data!.removeFromQueue).toEqual({ id: first.id, status: 'REMOVED' });
    expect((await view(first.id)).history.filter((h) => h.action === 'REMOVED_BY_OPERATOR')).toHaveLength(1);
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM queue.outbox WHERE type = 'ApplicationRemoved' AND aggregate_id = $1`,
        [first.id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('removes a notified child (its offer ends), refuses a withdrawn one, and the statistics count both removals', async () => {
    const [, second, third] = filed;
    const removed = await gq<{ removeFromQueue: { status: string } }>(
      REMOVE,
      { a: second.id, reason: 'Семья переехала в другой город' },
      'admin',
    );
    expect(removed.errors).toBeUndefined();
    expect(await view(second.id)).toMatchObject({ status: 'REMOVED', currentOffer: null });
    expect((await view(second.id)).history.at(-1)).toMatchObject({
      action: 'REMOVED_BY_OPERATOR',
      fromStatus: 'NOTIFIED',
      actor: admin.id,
    });

    const withdrawn = await client.signed(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $r: String!) { prepareWithdrawal(applicationId: $a, reason: $r) { id xml } }',
      { a: third.id, r: 'Передумали' },
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(await code(REMOVE, { a: third.id, reason: REASON }, 'operator-astana')).toBe('INVALID_STATE');
    expect((await view(third.id)).status).toBe('WITHDRAWN');

    const stats = await data<{
      queueStatistics: { rows: Array<{ privilege: string; removed: number; withdrawn: number }> };
    }>(
      'query($y: Int) { queueStatistics(regionId: "astana", groupYear: $y) { rows { privilege removed withdrawn } } }',
      { y: YEAR },
      'operator-astana',
    );
    expect(stats.queueStatistics.rows).toEqual([{ privilege: 'NONE', removed: 2, withdrawn: 1 }]);
    // Both parents' notices of removal are in the delivery rates.
    await settled('REMOVED_BY_OPERATOR', 6);
    const removals = (await rates()).rows.filter((r) => r.kind === 'REMOVED_BY_OPERATOR');
    expect(removals.map((r) => [r.channel, r.notices, r.reachedRate])).toEqual([
      ['EMAIL', 2, 1],
      ['IN_APP', 2, 1],
      ['SMS', 2, 1],
    ]);
  });
});
