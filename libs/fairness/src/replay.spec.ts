import { chainEntry, ChildFacts, LogBody, LogEntry, LogEntryKind, RoundOpenedBody } from './chain';
import { OrderFunction, placeInRound, replayLog } from './replay';

const STATUSES = { inQueue: 'IN_QUEUE', notified: 'NOTIFIED' };
/** A stand-in order for the library's own tests: in the queue, by filing instant. */
const byFiling: OrderFunction = (children) =>
  children.filter((c) => c.status === 'IN_QUEUE').sort((a, b) => (a.filedAt < b.filedAt ? -1 : 1));

const child = (p: string, n: number, status = 'IN_QUEUE'): ChildFacts => ({
  pseudonym: p,
  areaId: 'almaty',
  groupYear: 2023,
  filedAt: `2026-01-0${n}T00:00:00.000000Z`,
  birthDate: '2023-01-01',
  privilege: 'NONE',
  status,
  onStopListUntil: null,
});

function log(...bodies: Array<[LogEntryKind, LogBody]>): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [kind, body] of bodies)
    entries.push(
      chainEntry(entries[entries.length - 1] ?? null, {
        portalId: 'almaty',
        at: `2026-02-0${entries.length + 1}T00:00:00.000Z`,
        kind,
        body,
      }),
    );
  return entries;
}

const round = (over: Partial<RoundOpenedBody>): [LogEntryKind, RoundOpenedBody] => [
  LogEntryKind.ROUND_OPENED,
  {
    roundId: 'r1',
    areaIds: ['almaty'],
    groupYear: 2023,
    seats: 2,
    held: 2,
    publishedAt: '2026-02-01T00:00:00.000Z',
    policy: {},
    asOf: 3,
    picked: ['a', 'b'],
    offered: ['a', 'b'],
    ...over,
  },
];
const filed = (p: string, n: number): [LogEntryKind, LogBody] => [
  LogEntryKind.DECISION,
  { action: 'FILED', child: child(p, n) },
];

describe('replayLog', () => {
  it('reproduces a round from the log alone and marks its children offered', () => {
    const entries = log(
      filed('a', 1),
      filed('b', 2),
      filed('c', 3),
      round({}),
      round({ roundId: 'r2', asOf: 4, picked: ['c'], offered: ['c'], held: 1 }),
    );
    expect(replayLog(entries, byFiling, STATUSES)).toMatchObject({
      rounds: 2,
      reproduced: 2,
      differing: [],
      chain: [],
    });
    expect(placeInRound(entries[3], 'b')).toBe(2);
    expect(placeInRound(entries[3], 'c')).toBeNull();
    expect(placeInRound(entries[0], 'a')).toBeNull();
  });

  it('reports a round that skipped the child whose turn it was', () => {
    const entries = log(
      filed('a', 1),
      filed('b', 2),
      filed('c', 3),
      round({ picked: ['a', 'c'], offered: ['a', 'c'] }),
    );
    expect(replayLog(entries, byFiling, STATUSES).differing).toEqual([
      {
        seq: 4,
        roundId: 'r1',
        recomputed: ['a', 'b'],
        picked: ['a', 'c'],
        offered: ['a', 'c'],
        reason: 'ORDER_DIFFERS',
      },
    ]);
  });

  it('accepts a decision committed while the round computed (between asOf and the round), and only then', () => {
    // b withdrew after the round read the queue: picked [a, b], offered only a.
    const withdrawn: [LogEntryKind, LogBody] = [
      LogEntryKind.DECISION,
      { action: 'WITHDRAWN', child: child('b', 2, 'WITHDRAWN') },
    ];
    const concurrent = log(filed('a', 1), filed('b', 2), filed('c', 3), withdrawn, round({ asOf: 3, offered: ['a'] }));
    expect(replayLog(concurrent, byFiling, STATUSES)).toMatchObject({ reproduced: 1, differing: [] });
    // The same round claiming to have read the queue after the withdrawal: b could not be picked.
    const after = log(filed('a', 1), filed('b', 2), filed('c', 3), withdrawn, round({ asOf: 4, offered: ['a'] }));
    expect(replayLog(after, byFiling, STATUSES).differing).toMatchObject([
      { reason: 'ORDER_DIFFERS', recomputed: ['a', 'c'] },
    ]);
    // Offering b although it had withdrawn before the offers were made.
    const offeredAnyway = log(filed('a', 1), filed('b', 2), filed('c', 3), withdrawn, round({ asOf: 3 }));
    expect(replayLog(offeredAnyway, byFiling, STATUSES).differing).toMatchObject([{ reason: 'OFFERED_DIFFERS' }]);
  });

  it('brings lapsed children back for the next round', () => {
    const entries = log(
      filed('a', 1),
      filed('b', 2),
      round({ asOf: 2, held: 1, seats: 1, picked: ['a'], offered: ['a'] }),
      [LogEntryKind.ROUND_CLOSED, { roundId: 'r1', lapsed: ['a'] }],
      round({ roundId: 'r2', asOf: 4, held: 1, seats: 1, picked: ['a'], offered: ['a'] }),
    );
    expect(replayLog(entries, byFiling, STATUSES)).toMatchObject({ rounds: 2, reproduced: 2 });
    // Without the closing entry a is still notified, and the second round should have offered b.
    const unclosed = [
      ...entries.slice(0, 3),
      chainEntry(entries[2], { ...entries[4], body: { ...(entries[4].body as RoundOpenedBody), asOf: 3 } }),
    ];
    expect(replayLog(unclosed, byFiling, STATUSES).differing).toMatchObject([{ roundId: 'r2', recomputed: ['b'] }]);
  });

  it('judges only the rounds in the window, with the state of everything before', () => {
    const entries = log(
      filed('a', 1),
      filed('b', 2),
      round({ asOf: 2, picked: ['b', 'a'], offered: ['b', 'a'] }),
      filed('c', 3),
      round({ roundId: 'r2', asOf: 4, held: 1, seats: 1, picked: ['c'], offered: ['c'] }),
    );
    expect(replayLog(entries, byFiling, STATUSES, { from: entries[4].at })).toMatchObject({
      rounds: 1,
      reproduced: 1,
      differing: [],
    });
    expect(replayLog(entries, byFiling, STATUSES, { to: entries[3].at }).differing).toMatchObject([{ roundId: 'r1' }]);
  });

  it('accepts a round with nobody to offer to; reports offers to a child it did not pick', () => {
    const entries = log(round({ asOf: 0, held: 1, picked: [], offered: [] }));
    expect(replayLog(entries, byFiling, STATUSES)).toMatchObject({ reproduced: 1 });
    const ghost = log(filed('a', 1), round({ asOf: 1, held: 1, seats: 1, picked: ['a'], offered: ['a', 'x'] }));
    expect(replayLog(ghost, byFiling, STATUSES).differing).toMatchObject([{ reason: 'OFFERED_DIFFERS' }]);
  });
});
