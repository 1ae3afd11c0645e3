import { canonicalJson, chainEntry, DecisionBody, GENESIS_HASH, LogEntry, LogEntryKind, verifyChain } from './chain';

const child = (n: number) => ({
  pseudonym: `p${n}`,
  areaId: 'almaty',
  groupYear: 2023,
  filedAt: `2026-01-0${n}T05:00:00.000000Z`,
  birthDate: '2023-01-01',
  privilege: 'NONE',
  status: 'IN_QUEUE',
  onStopListUntil: null,
});

function chain(n: number): LogEntry[] {
  const entries: LogEntry[] = [];
  for (let i = 1; i <= n; i++)
    entries.push(
      chainEntry(entries[i - 2] ?? null, {
        portalId: 'almaty',
        at: `2026-01-0${i}T05:00:00.000Z`,
        kind: LogEntryKind.DECISION,
        body: { action: 'FILED', child: child(i) },
      }),
    );
  return entries;
}

describe('hash chain', () => {
  it('links each entry to the one before, from the genesis hash', () => {
    const entries = chain(5);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[3].prevHash).toBe(entries[2].hash);
    expect(verifyChain(entries)).toEqual([]);
  });

  it('hashes content, not key order: a jsonb round trip keeps the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}',
    );
    const [e] = chain(1);
    const reordered = JSON.parse(
      JSON.stringify({ ...e, body: { child: (e.body as DecisionBody).child, action: 'FILED' } }),
    );
    expect(verifyChain([reordered])).toEqual([]);
  });

  it('detects an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], body: { action: 'FILED', child: { ...child(3), privilege: 'OUT_OF_TURN' } } };
    expect(verifyChain(entries)).toEqual([{ seq: 3, problem: 'BAD_HASH' }]);
  });

  it('detects an edited entry whose hash was recomputed: the next link breaks', () => {
    const entries = chain(5);
    const { hash: _hash, ...rest } = entries[2];
    entries[2] = chainEntry(entries[1], {
      ...rest,
      body: { action: 'FILED', child: { ...child(3), birthDate: '2022-01-01' } },
    });
    expect(verifyChain(entries)).toEqual([{ seq: 4, problem: 'BROKEN_LINK' }]);
  });

  it('detects two entries swapped', () => {
    const entries = chain(5);
    [entries[1], entries[2]] = [entries[2], entries[1]];
    expect(verifyChain(entries)).toEqual([
      { seq: 3, problem: 'SEQ_GAP' },
      { seq: 3, problem: 'BROKEN_LINK' },
      { seq: 2, problem: 'SEQ_GAP' },
      { seq: 2, problem: 'BROKEN_LINK' },
      { seq: 4, problem: 'SEQ_GAP' },
      { seq: 4, problem: 'BROKEN_LINK' },
    ]);
  });

  it('detects a dropped entry, also a dropped first one', () => {
    const entries = chain(5);
    expect(verifyChain([...entries.slice(0, 2), ...entries.slice(3)])).toEqual([
      { seq: 4, problem: 'SEQ_GAP' },
      { seq: 4, problem: 'BROKEN_LINK' },
    ]);
    expect(verifyChain(entries.slice(1))).toEqual([
      { seq: 2, problem: 'SEQ_GAP' },
      { seq: 2, problem: 'BROKEN_LINK' },
    ]);
  });

  it('verifies a range from the entry before it', () => {
    const entries = chain(5);
    expect(verifyChain(entries.slice(2), entries[1])).toEqual([]);
    expect(verifyChain(entries.slice(2), entries[0])).not.toEqual([]);
  });

  it('detects an entry of another portal', () => {
    const entries = chain(2);
    const foreign = chainEntry(entries[0], {
      portalId: 'astana',
      at: entries[1].at,
      kind: entries[1].kind,
      body: entries[1].body,
    });
    expect(verifyChain([entries[0], foreign])).toEqual([{ seq: 2, problem: 'OTHER_PORTAL' }]);
  });
});
