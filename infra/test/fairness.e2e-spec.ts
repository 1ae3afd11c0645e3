import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPerson } from '@kezek/demo';
import {
  DecisionBody,
  LogEntry,
  LogEntryKind,
  placeInRound,
  ReplayReport,
  RoundOpenedBody,
  verifyChain,
  verifyDayHead,
} from '@kezek/fairness';
import { gql } from '@kezek/testing';
import { REGISTER, ROOT } from '../dev/processes';
import { eventually, lifecycleClient } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

/** `npm run verify-log -- …` as an auditor runs it: its exit code and its JSON report. */
function verifyLog(
  args: string[],
  databaseUrl?: string,
): Promise<{
  code: number | null;
  report: (ReplayReport & { heads: number; badHeads: string[] }) | null;
  output: string;
}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, 'services/queue/src/fairness/verify-log.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, report: out.trim() ? JSON.parse(out) : null, output: err }));
  });
}

/**
 * Fairness you can check, through the gateway on the manual clock: seats published, offers made,
 * a referral issued and revoked, a withdrawal, an offer lapsing — then a parent reads why the
 * number changed, finds its own offer in the public log by its pseudonym, anyone replays the log
 * without signing in (and catches tampering), the day heads verify with the published key, the
 * verify-log command agrees, and the forecast reads last year's seats.
 */
describe('fairness through the gateway', () => {
  let running: SigningStack;
  let url: string;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operator = demoPerson('operator-astana');
  const admin = demoPerson('admin');
  const people = [parent, other, operator, admin];
  let client: ReturnType<typeof lifecycleClient>;
  const as = (key: string) => client.as(key);
  const anonymous = { 'x-kezek-portal': 'astana' };
  // No demo child of Astana is in this group year: its queue is the children filed here.
  const YEAR = 2022;
  const signed = <T>(who: string, iin: string, prepare: string, vars: Record<string, unknown>) =>
    client.signed<T>(who, iin, prepare, vars);
  const until = eventually;

  async function moveTo(instant: string | Date) {
    const moved = await gql(
      url,
      'mutation($to: String) { advanceClock(to: $to) { now } }',
      { to: new Date(instant).toISOString() },
      as('admin'),
    );
    expect(moved.errors).toBeUndefined();
    for (const p of people) await client.signIn(p.key, p.iin);
  }

  const file = (who: string, iin: string, i: number, privilege = 'NONE') =>
    client.file(who, iin, 700 + i * 7, privilege, `${YEAR}-04-1${i}`, '2027-06-01');

  type Fairness = {
    status: string;
    queueNumber: number | null;
    allocationLogPseudonym: string | null;
    positionChanges: {
      items: Array<{ at: string; from: number; to: number; cause: string; count: number }>;
      totalCount: number;
      nextCursor: string | null;
      current: number;
    };
    waitForecast: { childrenAhead: number; p50: string | null; p90: string | null; cohorts: number } | null;
    referrals: Array<{ id: string; status: string }>;
  };
  const view = async (id: string, who = 'aigerim', first = 50, after: string | null = null) => {
    const res = await gql<{ application: Fairness }>(
      url,
      `query($id: ID, $first: Int, $after: String) { application(id: $id) { status queueNumber allocationLogPseudonym
        positionChanges(first: $first, after: $after) { items { at from to cause count } totalCount nextCursor current }
        waitForecast { childrenAhead p50 p90 cohorts } referrals { id status } } }`,
      { id, first, after },
      as(who),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.application;
  };

  async function publish(groupYear: number, count: number) {
    const ks = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(url, `{ kindergartens(regionId: "astana", groupYear: ${groupYear}) { isState groups { id groupYear } } }`);
    const group = ks.data!.kindergartens.find((k) => k.isState && k.groups.some((g) => g.groupYear === groupYear))!;
    const res = await gql(
      url,
      'mutation($g: ID!, $n: Int!) { publishSeats(groupId: $g, count: $n) { id } }',
      { g: group.groups.find((g) => g.groupYear === groupYear)!.id, n: count },
      as('operator-astana'),
    );
    expect(res.errors).toBeUndefined();
  }

  /** The whole public log, page by page, without sign-in. */
  async function publicLog(): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    for (;;) {
      const res = await gql<{ allocationLog: Array<Omit<LogEntry, 'portalId' | 'body'> & { body: string }> }>(
        url,
        'query($from: Int!) { allocationLog(fromSeq: $from, limit: 500) { seq at kind body prevHash hash } }',
        { from: entries.length + 1 },
        anonymous,
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.allocationLog.map((e) => ({ ...e, portalId: 'astana', body: JSON.parse(e.body) }));
      entries.push(...page);
      if (page.length < 500) return entries;
    }
  }

  let A: { id: string; number: string };
  let B: { id: string; number: string };
  let C: { id: string; number: string };
  let D: { id: string; number: string };

  beforeAll(async () => {
    running = await startSigningStack(people, { workers: true, env: { LOG_LEVEL: 'warn' }, onLine: () => undefined });
    url = running.url;
    client = lifecycleClient(running);
    await client.signIn('admin', admin.iin);
    // Last year's seats for the cohort a year older: the forecast's history.
    await moveTo('2026-12-07T04:00:00Z');
    await publish(YEAR - 1, 3);
    // The worker opens the round (and records the publication) after the answer.
    await until('the round of last year’s seats', publicLog, (log) =>
      log.some((e) => e.kind === LogEntryKind.ROUND_OPENED && (e.body as RoundOpenedBody).groupYear === YEAR - 1),
    );
    // Monday 7 June 2027, 09:00 in Almaty (the test PKI's certificates are valid for a year).
    await moveTo('2027-06-07T04:00:00Z');
    A = await file('aigerim', parent.iin, 1);
    B = await file('aigerim', parent.iin, 2);
    C = await file('aigerim', parent.iin, 3);
    D = await file('daniyar', other.iin, 4, 'OUT_OF_TURN');
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('forecasts the wait from last year’s seats and the children ahead', async () => {
    const c = await view(C.id);
    expect(c.queueNumber).toBe(3);
    // Two children ahead need three seats: the cohort a year older got three half a year into its year.
    expect(c.waitForecast).toMatchObject({ childrenAhead: 2, cohorts: 1 });
    const weeks = (at: string) => (Date.parse(at) - Date.parse('2027-06-07T04:00:00Z')) / (7 * 86_400_000);
    expect(weeks(c.waitForecast!.p50!)).toBeGreaterThan(25);
    expect(weeks(c.waitForecast!.p50!)).toBeLessThanOrEqual(
      c.waitForecast!.p90 ? weeks(c.waitForecast!.p90) : Infinity,
    );
    expect(c.positionChanges).toEqual({ items: [], totalCount: 0, nextCursor: null, current: 3 });
  });

  it('explains every change of a queue number by its cause, and the changes add up', async () => {
    await publish(YEAR, 2);
    // R7: the out-of-turn child D first, then A.
    await until(
      'the offers',
      () => view(A.id),
      (a) => a.status === 'NOTIFIED',
    );
    await until(
      'the offers',
      () => view(D.id, 'daniyar'),
      (a) => a.status === 'NOTIFIED',
    );
    await moveTo('2027-06-07T05:00:00Z');
    const groups = await gql<{ availableGroups: Array<{ id: string }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: A.id },
      as('aigerim'),
    );
    const referral = await signed<{ id: string }>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: A.id, g: groups.data!.availableGroups[0].id },
    );
    expect(referral.errors).toBeUndefined();
    expect((await view(C.id)).queueNumber).toBe(2);
    await moveTo('2027-06-07T06:00:00Z');
    const revoked = await signed(
      'aigerim',
      parent.iin,
      'mutation($r: ID!) { prepareReferralRevocation(referralId: $r, reason: "Передумали") { id xml } }',
      { r: referral.data!.id },
    );
    expect(revoked.errors).toBeUndefined();
    await moveTo('2027-06-07T07:00:00Z');
    const withdrawn = await signed(
      'aigerim',
      parent.iin,
      'mutation($a: ID!) { prepareWithdrawal(applicationId: $a, reason: "Переезд") { id xml } }',
      { a: B.id },
    );
    expect(withdrawn.errors).toBeUndefined();

    const c = await view(C.id);
    expect(c.queueNumber).toBe(2);
    expect(c.positionChanges.items.map(({ from, to, cause, count }) => ({ from, to, cause, count }))).toEqual([
      { from: 3, to: 2, cause: 'REFERRAL_AHEAD', count: 1 },
      { from: 2, to: 3, cause: 'REVOKED_RETURNED_AHEAD', count: 1 },
      { from: 3, to: 2, cause: 'WITHDRAWN_AHEAD', count: 1 },
    ]);
    expect(c.positionChanges.current).toBe(c.queueNumber);
    // Paged: two, then the rest.
    const first = (await view(C.id, 'aigerim', 2)).positionChanges;
    expect(first).toMatchObject({ totalCount: 3, nextCursor: '2' });
    const rest = (await view(C.id, 'aigerim', 2, first.nextCursor)).positionChanges;
    expect([...first.items, ...rest.items]).toEqual(c.positionChanges.items);
    expect(rest.nextCursor).toBeNull();
    // The offer window ends (3 working days): D's offer lapses, nobody's number moves.
    await moveTo('2027-06-10T19:00:00.000Z');
    await until(
      'the lapse',
      () => view(D.id, 'daniyar'),
      (d) => d.status === 'IN_QUEUE',
    );
    expect((await view(C.id)).positionChanges.totalCount).toBe(3);
  });

  it('logs an unused referral as a stop-list the next round respects (R16, R8)', async () => {
    const groups = await gql<{ availableGroups: Array<{ id: string }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: D.id },
      as('daniyar'),
    );
    const chosen = await signed<{ id: string; expiresAt: string }>(
      'daniyar',
      other.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: D.id, g: groups.data!.availableGroups[0].id },
    );
    expect(chosen.errors).toBeUndefined();
    await moveTo(new Date(Date.parse(chosen.data!.expiresAt) + 1));
    await until(
      'the stop-list',
      () => view(D.id, 'daniyar'),
      (d) => d.status === 'IN_QUEUE',
    );
    // One seat: the out-of-turn child D is on the stop-list, so A, first in the general queue, gets it.
    await publish(YEAR, 1);
    await until(
      'the offer',
      () => view(A.id),
      (a) => a.status === 'NOTIFIED',
    );
    expect((await view(D.id, 'daniyar')).status).toBe('IN_QUEUE');
  });

  it('lets a parent find "offered in round N at place K" with its own pseudonym, and nobody else’s', async () => {
    const a = await view(A.id);
    const d = await view(D.id, 'daniyar');
    expect(a.allocationLogPseudonym).toMatch(/^[0-9a-f]{32}$/);
    expect(d.allocationLogPseudonym).not.toBe(a.allocationLogPseudonym);
    // An operator sees the application but not its name in the log.
    expect((await view(A.id, 'operator-astana')).allocationLogPseudonym).toBeNull();
    const log = await publicLog();
    const round = log.find(
      (e) => e.kind === LogEntryKind.ROUND_OPENED && (e.body as RoundOpenedBody).groupYear === YEAR,
    )!;
    expect(placeInRound(round, d.allocationLogPseudonym!)).toBe(1);
    expect(placeInRound(round, a.allocationLogPseudonym!)).toBe(2);
    // The log names no child: no number, IIN or name of any application filed here.
    const text = JSON.stringify(log);
    for (const app of [A, B, C, D]) expect(text).not.toContain(app.number.slice(0, 14));
    expect(text).not.toContain(parent.iin);
    expect(text).not.toContain('Кезек Бала');
    // Decisions: filings, the referral, its revocation, the withdrawal; then the round's close with D lapsed.
    const mine = log.filter(
      (e) => e.kind === LogEntryKind.DECISION && (e.body as DecisionBody).child.pseudonym === a.allocationLogPseudonym,
    );
    expect(mine.map((e) => (e.body as DecisionBody).action)).toEqual(['FILED', 'REFERRAL_ISSUED', 'REFERRAL_REVOKED']);
    // Each entry states the child as its decision left it: written after the application's update.
    expect(mine.map((e) => (e.body as DecisionBody).child.status)).toEqual(['IN_QUEUE', 'REFERRAL_ISSUED', 'IN_QUEUE']);
    const closed = log.find(
      (e) =>
        e.kind === LogEntryKind.ROUND_CLOSED &&
        e.body &&
        'lapsed' in e.body &&
        e.body.roundId === (round.body as RoundOpenedBody).roundId,
    )!;
    expect(closed.body).toMatchObject({ lapsed: [d.allocationLogPseudonym] });
  });

  it('replays every round of the public log with the allocation-order function; tampering, reordering and dropping are caught', async () => {
    const log = await publicLog();
    const dir = mkdtempSync(join(tmpdir(), 'kezek-fairness-'));
    const save = (name: string, entries: LogEntry[]) => {
      writeFileSync(join(dir, name), JSON.stringify(entries));
      return join(dir, name);
    };
    try {
      // An auditor's run on the log as the public query gave it: nothing of the database.
      const replayed = await verifyLog(['--portal', 'astana', '--file', save('log.json', log)]);
      expect(replayed.code).toBe(0);
      expect(replayed.report).toMatchObject({ entries: log.length, chain: [], differing: [] });
      expect(replayed.report!.reproduced).toBe(replayed.report!.rounds);
      // Last year's round, the two seats of 7 June, the one seat the stop-listed child was passed over for.
      expect(replayed.report!.rounds).toBeGreaterThanOrEqual(3);

      const k = log.findIndex(
        (e) => e.kind === LogEntryKind.ROUND_OPENED && (e.body as RoundOpenedBody).groupYear === YEAR,
      );
      const body = log[k].body as RoundOpenedBody;
      const edited = [...log];
      edited[k] = { ...log[k], body: { ...body, offered: [...body.offered].reverse() } };
      const tampered = await verifyLog(['--portal', 'astana', '--file', save('edited.json', edited)]);
      expect(tampered.code).toBe(1);
      expect(tampered.report!.chain).toContainEqual({ seq: log[k].seq, problem: 'BAD_HASH' });
      expect(tampered.report!.differing).toMatchObject([{ seq: log[k].seq, reason: 'OFFERED_DIFFERS' }]);
      const swapped = [...log];
      [swapped[k - 1], swapped[k]] = [swapped[k], swapped[k - 1]];
      expect(verifyChain(swapped).map((p) => p.problem)).toEqual(expect.arrayContaining(['SEQ_GAP', 'BROKEN_LINK']));
      const dropped = [...log.slice(0, k - 1), ...log.slice(k)];
      expect(verifyChain(dropped)).toContainEqual({ seq: log[k].seq, problem: 'SEQ_GAP' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs each ended day’s head with the published key; verify-log agrees', async () => {
    const log = await publicLog();
    const key = (await gql<{ allocationLogKey: string }>(url, '{ allocationLogKey }', {}, anonymous)).data!
      .allocationLogKey;
    const heads = await gql<{
      allocationLogHeads: Array<{ day: string; seq: number; hash: string; signature: string; publicKey: string }>;
    }>(
      url,
      'query { allocationLogHeads(from: "2026-12-07", to: "2027-06-10") { day seq hash signature publicKey } }',
      {},
      anonymous,
    );
    expect(heads.errors).toBeUndefined();
    const days = heads.data!.allocationLogHeads;
    // The days that ended with entries: the 2021 round's day and 7 June.
    expect(days.map((h) => h.day)).toEqual(expect.arrayContaining(['2026-12-07', '2027-06-07']));
    for (const h of days) {
      expect(h.publicKey).toBe(key);
      expect(verifyDayHead({ portalId: 'astana', ...h }, h.signature, key)).toBe(true);
      expect(log.find((e) => e.seq === h.seq)!.hash).toBe(h.hash);
    }
    const ten = days.find((h) => h.day === '2027-06-07')!;
    expect(verifyDayHead({ portalId: 'astana', ...ten, seq: ten.seq - 1 }, ten.signature, key)).toBe(false);

    const verified = await verifyLog(
      ['--portal', 'astana', '--from', '2027-06-07', '--to', '2027-06-10'],
      running.databaseUrl,
    );
    expect(verified.code).toBe(0);
    expect(verified.report).toMatchObject({ rounds: 1, reproduced: 1, differing: [], chain: [], badHeads: [] });
    expect(verified.report!.heads).toBeGreaterThanOrEqual(1);
    const refused = await verifyLog(['--from', '2027-06-07'], running.databaseUrl);
    expect(refused.code).toBe(64);
    expect(refused.output).toMatch(/--portal: is required/);
  });

  it('refuses malformed ranges with a stable code', async () => {
    const res = await gql(url, 'query { allocationLog(fromSeq: 0, limit: 5000) { seq } }', {}, anonymous);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const heads = await gql(
      url,
      'query { allocationLogHeads(from: "2027-06-07", to: "2027-01-01") { day } }',
      {},
      anonymous,
    );
    expect(heads.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
