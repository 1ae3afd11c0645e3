import { mergeByKey, openCount, SMALL_CELL } from './statistics.rules';

describe('statistics rules', () => {
  it('suppresses small counts in open statistics, never zero or a large one', () => {
    expect(openCount(0)).toBe(0);
    expect(openCount(1)).toBeNull();
    expect(openCount(SMALL_CELL - 1)).toBeNull();
    expect(openCount(SMALL_CELL)).toBe(SMALL_CELL);
    expect(openCount(1234)).toBe(1234);
  });

  it('merges per-key parts into one row per key, filling what a part does not give', () => {
    const rows = mergeByKey<{ areaId: string; groupYear: number; privilege: string; queued: number; offers: number }>(
      () => ({ queued: 0, offers: 0 }),
      [
        [
          { areaId: 'astana', groupYear: 2022, privilege: 'NONE', queued: 7 },
          { areaId: 'astana', groupYear: 2023, privilege: 'NONE', queued: 3 },
        ],
        [{ areaId: 'astana', groupYear: 2022, privilege: 'NONE', offers: 2 }],
        [{ areaId: 'almaty', groupYear: 2021, privilege: 'OUT_OF_TURN', offers: 1 }],
      ],
    );
    expect(rows).toEqual([
      { areaId: 'almaty', groupYear: 2021, privilege: 'OUT_OF_TURN', queued: 0, offers: 1 },
      { areaId: 'astana', groupYear: 2023, privilege: 'NONE', queued: 3, offers: 0 },
      { areaId: 'astana', groupYear: 2022, privilege: 'NONE', queued: 7, offers: 2 },
    ]);
  });
});
