import {
  chainEntry,
  ChildFacts,
  DecisionBody,
  LogBody,
  LogEntry,
  LogEntryKind,
  positionLedger,
  replayLog,
  RoundOpenedBody,
  verifyChain,
} from '@kezek/fairness';
import { seededRandom } from '@kezek/seeded-random';
import { DEFAULT_POLICY } from '@kezek/policy';
import { allocationOrder } from '../allocation/allocation-order.rules';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { ChangeAhead, positionEvent } from './ledger/position-ledger.rules';
import { LOG_STATUSES, logOrder } from './log/verify-allocation-log';

const { IN_QUEUE, NOTIFIED, REFERRAL_ISSUED, WITHDRAWN, REMOVED, ENROLLED } = ApplicationStatus;

interface Child extends ChildFacts {
  number: string;
  status: ApplicationStatus;
  privilege: Privilege;
  missed: number;
  history: Array<ChangeAhead>;
}

/**
 * A long randomised life of one portal's queue, run as the queue runs it: rounds offer to the
 * first children of THE allocation-order function, decisions change children, every decision and
 * round is logged the way fairness/log appends it — including decisions that commit while a round
 * is computing (between its asOf and its append). Then: replay reproduces every round; every
 * queue number at every step is what the ledger says; tampering, reordering and dropping are caught.
 */
function simulate(seed: number, steps: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(random() * xs.length)];
  const children: Child[] = [];
  const log: LogEntry[] = [];
  const positions: Array<{ at: string; numbers: Map<string, number> }> = [];
  const openRounds: Array<{ id: string; offered: Child[]; closesAt: number }> = [];
  let now = Date.parse('2025-03-01T04:00:00Z');
  let serial = 0;
  const stats = { filings: 0, rounds: 0, offers: 0, concurrent: 0, decisions: new Map<string, number>() };

  const append = (kind: LogEntryKind, body: LogBody, at = new Date(now).toISOString()) =>
    log.push(chainEntry(log[log.length - 1] ?? null, { portalId: 'astana', at, kind, body }));
  const facts = (c: Child): ChildFacts => ({
    pseudonym: c.pseudonym,
    areaId: c.areaId,
    groupYear: c.groupYear,
    filedAt: c.filedAt,
    birthDate: c.birthDate,
    privilege: c.privilege,
    status: c.status,
    onStopListUntil: c.onStopListUntil,
  });
  // recordChange: the history row, and the log entry when the status changes.
  const decide = (c: Child, action: string, to: ApplicationStatus, change: Partial<Child> = {}) => {
    const from = c.status;
    Object.assign(c, change, { status: to });
    c.history.push({ at: new Date(now).toISOString(), action, fromStatus: from, toStatus: to });
    append(LogEntryKind.DECISION, { action, child: facts(c) } satisfies DecisionBody);
    stats.decisions.set(action, (stats.decisions.get(action) ?? 0) + 1);
  };
  const file = () => {
    const n = ++serial;
    const r = random();
    const privilege = r < 0.08 ? Privilege.OUT_OF_TURN : r < 0.3 ? Privilege.FIRST_PRIORITY : Privilege.NONE;
    const birth = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10);
    // Two filings in one millisecond differ in their microseconds (the order PostgreSQL keeps).
    const filedAt = `${new Date(now).toISOString().slice(0, 23)}${String(n % 1000).padStart(3, '0')}Z`;
    const c: Child = {
      pseudonym: `p${String(n).padStart(4, '0')}`,
      number: `УО.2025.${String(n).padStart(6, '0')}.1`,
      areaId: random() < 0.8 ? 'astana' : 'astana-esil',
      groupYear: 2023,
      filedAt,
      birthDate: birth,
      privilege,
      status: IN_QUEUE,
      onStopListUntil: null,
      missed: 0,
      history: [],
    };
    children.push(c);
    c.history.push({ at: new Date(now).toISOString(), action: 'FILED', fromStatus: null, toStatus: IN_QUEUE });
    append(LogEntryKind.DECISION, { action: 'FILED', child: facts(c) });
    stats.filings++;
  };
  const stopList = () => new Date(now + 14 * 86_400_000).toISOString();
  const anyDecision = () => {
    const r = random();
    const referred = children.filter((c) => c.status === REFERRAL_ISSUED);
    const queued = children.filter((c) => c.status === IN_QUEUE);
    if (r < 0.3) return file();
    let c: Child | undefined;
    const free = queued.filter((q) => !q.onStopListUntil || q.onStopListUntil < new Date(now).toISOString());
    // Children who missed a referral before choose again often enough to reach R17's removal.
    const missedBefore = free.filter((q) => q.missed > 0);
    if (r < 0.42 && (c = pick(missedBefore.length && random() < 0.5 ? missedBefore : free)))
      return decide(c, 'REFERRAL_ISSUED_FREE_CHOICE', REFERRAL_ISSUED);
    if (r < 0.47 && (c = pick(referred))) return decide(c, 'REFERRAL_REVOKED', IN_QUEUE);
    const referredAgain = referred.filter((q) => q.missed > 0);
    if (r < 0.66 && (c = pick(referredAgain.length && random() < 0.5 ? referredAgain : referred))) {
      if (++c.missed >= DEFAULT_POLICY.expiredReferralsBeforeRemoval)
        return decide(c, 'REMOVED_AFTER_EXPIRED_REFERRALS', REMOVED, { onStopListUntil: null });
      return decide(c, 'REFERRAL_EXPIRED', IN_QUEUE, { onStopListUntil: stopList() });
    }
    if (r < 0.7 && (c = pick(referred.filter((x) => x.privilege !== Privilege.NONE))))
      return decide(c, 'PRIVILEGE_REFUSED', IN_QUEUE, { privilege: Privilege.NONE, onStopListUntil: stopList() });
    if (r < 0.8 && (c = pick(referred))) return decide(c, 'ENROLLED', ENROLLED);
    if (r < 0.85 && (c = pick(children.filter((x) => IN_QUEUE_STATUSES.includes(x.status)))))
      return decide(c, 'WITHDRAWN', WITHDRAWN);
    if (r < 0.88 && (c = pick(queued))) return decide(c, 'REMOVED', REMOVED);
    file();
  };
  const openRound = () => {
    const at = new Date(now);
    const areaIds = random() < 0.5 ? ['astana-esil', 'astana'] : ['astana'];
    const seats = 1 + Math.floor(random() * 8);
    const asOf = log.length;
    const inRound = children.filter((c) => c.groupYear === 2023 && areaIds.includes(c.areaId));
    const candidates = allocationOrder(
      inRound.map((c) => ({
        ...c,
        id: c.pseudonym,
        onStopListUntil: c.onStopListUntil ? new Date(c.onStopListUntil) : null,
      })),
      at,
      DEFAULT_POLICY,
    ).slice(0, seats);
    const held = candidates.length ? seats : 0;
    const picked = candidates.slice(0, held).map((c) => children.find((x) => x.pseudonym === c.id)!);
    // Decisions of other transactions that commit while the round computes: they precede its entry.
    while (random() < 0.3) {
      stats.concurrent++;
      const victim = random() < 0.5 ? pick(picked.filter((p) => p.status === IN_QUEUE)) : undefined;
      if (victim) decide(victim, 'WITHDRAWN', WITHDRAWN);
      else anyDecision();
    }
    const offered = picked.filter((c) => c.status === IN_QUEUE);
    for (const c of offered) {
      c.status = NOTIFIED;
      c.history.push({ at: at.toISOString(), action: 'OFFER_MADE', fromStatus: IN_QUEUE, toStatus: NOTIFIED });
    }
    const id = `round-${++stats.rounds}`;
    append(LogEntryKind.ROUND_OPENED, {
      roundId: id,
      areaIds,
      groupYear: 2023,
      seats,
      held,
      publishedAt: at.toISOString(),
      policy: DEFAULT_POLICY,
      asOf,
      picked: picked.map((c) => c.pseudonym),
      offered: offered.map((c) => c.pseudonym),
    } satisfies RoundOpenedBody);
    stats.offers += offered.length;
    if (held) openRounds.push({ id, offered, closesAt: now + 3 * 86_400_000 });
  };
  const closeRounds = () => {
    for (const round of openRounds.filter((r) => r.closesAt <= now)) {
      openRounds.splice(openRounds.indexOf(round), 1);
      const lapsed = round.offered.filter((c) => c.status === NOTIFIED);
      for (const c of lapsed) {
        c.status = IN_QUEUE;
        c.history.push({
          at: new Date(now).toISOString(),
          action: 'OFFER_LAPSED',
          fromStatus: NOTIFIED,
          toStatus: IN_QUEUE,
        });
      }
      append(LogEntryKind.ROUND_CLOSED, { roundId: round.id, lapsed: lapsed.map((c) => c.pseudonym) });
    }
  };
  const chooseOffer = () => {
    const c = pick(children.filter((x) => x.status === NOTIFIED));
    if (c) decide(c, 'REFERRAL_ISSUED', REFERRAL_ISSUED);
  };
  // Brute force, R6: 1 + the children ahead holding a place. `children` is in filing order (their
  // instants only grow), so one pass with a count per queue gives every number.
  const numbers = () => {
    const ahead = new Map<string, number>();
    return new Map(
      children.map((t) => {
        const queue = `${t.areaId}|${t.groupYear}`;
        const n = ahead.get(queue) ?? 0;
        if (IN_QUEUE_STATUSES.includes(t.status)) ahead.set(queue, n + 1);
        return [t.pseudonym, n + 1];
      }),
    );
  };

  for (let step = 0; step < steps; step++) {
    now += 1 + Math.floor(random() * 20 * 3_600_000);
    closeRounds();
    const r = random();
    if (r < 0.12) openRound();
    else if (r < 0.3) chooseOffer();
    else anyDecision();
    positions.push({ at: new Date(now).toISOString(), numbers: numbers() });
  }
  return { children, log, positions, stats };
}

describe('fairness over a long randomised scenario', () => {
  const { children, log, positions, stats } = simulate(2026, 3000);

  it('covers every kind of decision', () => {
    expect(stats.rounds).toBeGreaterThan(300);
    expect(stats.offers).toBeGreaterThan(200);
    expect(stats.concurrent).toBeGreaterThan(50);
    const counts = Object.fromEntries([...stats.decisions].map(([a, n]) => [a, n]));
    process.stdout.write(`decisions: ${JSON.stringify(counts)}\n`);
    for (const action of [
      'FILED',
      'REFERRAL_ISSUED',
      'REFERRAL_ISSUED_FREE_CHOICE',
      'REFERRAL_REVOKED',
      'REFERRAL_EXPIRED',
      'REMOVED_AFTER_EXPIRED_REFERRALS',
      'PRIVILEGE_REFUSED',
      'WITHDRAWN',
      'REMOVED',
      'ENROLLED',
    ])
      expect([action, stats.decisions.get(action) ?? (action === 'FILED' ? stats.filings : 0)]).not.toEqual([
        action,
        0,
      ]);
    process.stdout.write(
      `scenario: ${children.length} children, ${log.length} log entries, ${stats.rounds} rounds, ${stats.offers} offers, ${stats.concurrent} concurrent decisions\n`,
    );
  });

  it('replay with the allocation-order function reproduces every round from the log alone', () => {
    const report = replayLog(log, logOrder, LOG_STATUSES);
    expect(report.chain).toEqual([]);
    expect(report.differing).toEqual([]);
    expect(report.reproduced).toBe(stats.rounds);
  });

  it('the ledger explains every queue number of every child at every step', () => {
    // History instants have milliseconds; a filing instant has microseconds (SQL compares timestamps).
    const micro = (at: string) => `${at.slice(0, 23)}000Z`;
    let checked = 0;
    const wrong: string[] = [];
    for (const t of children) {
      const ahead = children.filter(
        (a) =>
          a !== t &&
          a.areaId === t.areaId &&
          a.groupYear === t.groupYear &&
          (a.filedAt < t.filedAt || (a.filedAt === t.filedAt && a.number < t.number)),
      );
      const changes = ahead
        .flatMap((a) => a.history)
        .filter((h) => micro(h.at) > t.filedAt)
        .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
      const final = positions[positions.length - 1].numbers.get(t.pseudonym)!;
      const ledger = positionLedger(
        changes.flatMap((c) => positionEvent(c) ?? []),
        final,
      );
      // Walk back from now: the number at a step is now's minus the changes after that step.
      let after = 0;
      let c = ledger.length;
      for (let k = positions.length - 1; k >= 0 && micro(positions[k].at) > t.filedAt; k--) {
        while (c > 0 && ledger[c - 1].at > positions[k].at) after += ledger[--c].to - ledger[c].from;
        // One expect per check would cost more than the scenario: count the mismatches instead.
        if (final - after !== positions[k].numbers.get(t.pseudonym)) wrong.push(`${t.pseudonym}@${positions[k].at}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
    process.stdout.write(`ledger: ${checked} (child, step) queue numbers checked\n`);
  });

  it('detects an edited entry, two entries swapped and a dropped one', () => {
    const round = log.findIndex(
      (e) => e.kind === LogEntryKind.ROUND_OPENED && (e.body as RoundOpenedBody).offered.length > 1,
    );
    const body = log[round].body as RoundOpenedBody;
    // Edited and re-hashed so its own hash holds: the next link breaks, and the offers no longer replay.
    const edited = [...log];
    const { hash: _h, ...unhashed } = log[round];
    edited[round] = chainEntry(log[round - 1], {
      ...unhashed,
      body: { ...body, offered: [...body.offered].reverse(), picked: [...body.picked].reverse() },
    });
    expect(verifyChain(edited)).toContainEqual({ seq: round + 2, problem: 'BROKEN_LINK' });
    expect(replayLog(edited, logOrder, LOG_STATUSES).differing.map((d) => d.seq)).toContain(round + 1);

    const swapped = [...log];
    [swapped[round], swapped[round + 1]] = [swapped[round + 1], swapped[round]];
    expect(verifyChain(swapped).map((p) => p.seq)).toContain(round + 1);

    const dropped = [...log.slice(0, round), ...log.slice(round + 1)];
    expect(verifyChain(dropped)).toContainEqual({ seq: round + 2, problem: 'SEQ_GAP' });
  });

  it('a decision dropped and the chain rebuilt around it: the chain holds, replay finds the round that differs', () => {
    // A withdrawal ahead erased from history: the next round would have had to offer that child.
    const i = log.findIndex(
      (e, k) =>
        e.kind === LogEntryKind.DECISION &&
        (e.body as DecisionBody).action === 'WITHDRAWN' &&
        log
          .slice(k + 1)
          .some((r) => r.kind === LogEntryKind.ROUND_OPENED && (r.body as RoundOpenedBody).offered.length > 0),
    );
    const rebuilt: LogEntry[] = [];
    for (const e of [...log.slice(0, i), ...log.slice(i + 1)]) {
      const body =
        e.kind === LogEntryKind.ROUND_OPENED
          ? { ...(e.body as RoundOpenedBody), asOf: Math.min((e.body as RoundOpenedBody).asOf, rebuilt.length) }
          : e.body;
      rebuilt.push(
        chainEntry(rebuilt[rebuilt.length - 1] ?? null, { portalId: e.portalId, at: e.at, kind: e.kind, body }),
      );
    }
    const report = replayLog(rebuilt, logOrder, LOG_STATUSES);
    expect(report.chain).toEqual([]);
    expect(report.differing.length).toBeGreaterThan(0);
  });

  it('children filed in the same microsecond are reported, never silently reordered (R5 ties on numbers the log does not carry)', () => {
    const child = (p: string): ChildFacts => ({
      pseudonym: p,
      areaId: 'astana',
      groupYear: 2023,
      filedAt: '2025-03-01T04:00:00.000000Z',
      birthDate: '2023-01-01',
      privilege: Privilege.NONE,
      status: IN_QUEUE,
      onStopListUntil: null,
    });
    const entries: LogEntry[] = [];
    const add = (kind: LogEntryKind, body: LogBody) =>
      entries.push(
        chainEntry(entries[entries.length - 1] ?? null, {
          portalId: 'astana',
          at: '2026-01-01T00:00:00.000Z',
          kind,
          body,
        }),
      );
    add(LogEntryKind.DECISION, { action: 'FILED', child: child('bbbb') });
    add(LogEntryKind.DECISION, { action: 'FILED', child: child('aaaa') });
    // Number order put "bbbb" first; the pseudonyms put "aaaa" first.
    add(LogEntryKind.ROUND_OPENED, {
      roundId: 'r',
      areaIds: ['astana'],
      groupYear: 2023,
      seats: 1,
      held: 1,
      publishedAt: '2026-01-01T00:00:00.000Z',
      policy: DEFAULT_POLICY,
      asOf: 2,
      picked: ['bbbb'],
      offered: ['bbbb'],
    });
    expect(replayLog(entries, logOrder, LOG_STATUSES).differing).toMatchObject([{ seq: 3, reason: 'ORDER_DIFFERS' }]);
  });
});
