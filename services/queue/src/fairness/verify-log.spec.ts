import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainEntry, LogBody, LogEntry, LogEntryKind, RoundOpenedBody } from '@kezek/fairness';
import { DEFAULT_POLICY } from '@kezek/policy';
import { runVerifyLog } from './verify-log';

/** `verify-log --file`: a log saved from the public query, replayed with nothing of the database. */
describe('verify-log on a saved public log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-verify-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const child = (p: string, n: number, privilege = 'NONE') => ({
    pseudonym: p,
    areaId: 'almaty',
    groupYear: 2023,
    filedAt: `2026-01-0${n}T05:00:00.000001Z`,
    birthDate: '2023-01-01',
    privilege,
    status: 'IN_QUEUE',
    onStopListUntil: null,
  });
  const entries: LogEntry[] = [];
  const add = (at: string, kind: LogEntryKind, body: LogBody) =>
    entries.push(chainEntry(entries[entries.length - 1] ?? null, { portalId: 'almaty', at, kind, body }));
  add('2026-01-01T05:00:00.000Z', LogEntryKind.DECISION, { action: 'FILED', child: child('a', 1) });
  add('2026-01-02T05:00:00.000Z', LogEntryKind.DECISION, { action: 'FILED', child: child('b', 2) });
  add('2026-01-03T05:00:00.000Z', LogEntryKind.DECISION, { action: 'FILED', child: child('o', 3, 'OUT_OF_TURN') });
  add('2026-03-02T05:00:00.000Z', LogEntryKind.ROUND_OPENED, {
    roundId: 'r1',
    areaIds: ['almaty'],
    groupYear: 2023,
    seats: 2,
    held: 2,
    publishedAt: '2026-03-02T05:00:00.000Z',
    policy: DEFAULT_POLICY,
    asOf: 3,
    // R7: the out-of-turn child first, then the first filed.
    picked: ['o', 'a'],
    offered: ['o', 'a'],
  });
  /** As the public query returns them: bodies as JSON text, no portal. */
  const save = (name: string, log: LogEntry[]) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(log.map(({ portalId: _p, ...e }) => ({ ...e, body: JSON.stringify(e.body) }))));
    return file;
  };

  it('reproduces the round with the allocation-order function: exit 0', async () => {
    const run = await runVerifyLog(['--portal', 'almaty', '--file', save('ok.json', entries)], undefined);
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ entries: 4, rounds: 1, reproduced: 1, chain: [], differing: [] });
  });

  it('exits 1 on a round that does not follow R7, even re-hashed, and on an edited entry', async () => {
    const round = entries[3];
    const { hash: _h, ...unhashed } = round;
    const body = { ...(round.body as RoundOpenedBody), picked: ['a', 'o'], offered: ['a', 'o'] };
    const rehashed = [...entries.slice(0, 3), chainEntry(entries[2], { ...unhashed, body })];
    const run = await runVerifyLog(['--portal', 'almaty', '--file', save('order.json', rehashed)], undefined);
    expect(run.code).toBe(1);
    expect(run.report!.chain).toEqual([]);
    expect(run.report!.differing).toMatchObject([{ seq: 4, reason: 'ORDER_DIFFERS', recomputed: ['o', 'a'] }]);
    const edited = [...entries.slice(0, 3), { ...round, body }];
    const again = await runVerifyLog(['--portal', 'almaty', '--file', save('edited.json', edited)], undefined);
    expect(again.report!.chain).toEqual([{ seq: 4, problem: 'BAD_HASH' }]);
  });

  it('judges only the window; refuses bad arguments with 64', async () => {
    const file = save('window.json', entries);
    const before = await runVerifyLog(['--portal', 'almaty', '--file', file, '--to', '2026-03-01'], undefined);
    expect(before.report).toMatchObject({ rounds: 0, reproduced: 0 });
    expect((await runVerifyLog(['--file', file], undefined)).code).toBe(64);
    expect((await runVerifyLog(['--portal', 'almaty'], undefined)).code).toBe(64);
    expect((await runVerifyLog(['--portal', 'almaty', '--file', file, '--from', 'yesterday'], undefined)).code).toBe(
      64,
    );
    expect((await runVerifyLog(['--portal', 'almaty', '--sort'], undefined)).code).toBe(64);
  });
});
