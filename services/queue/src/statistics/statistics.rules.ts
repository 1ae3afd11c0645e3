/**
 * Open statistics publish no cell counting fewer children than this (but more than none): a
 * count of one or two in a small area and group year points at a family. Statistical disclosure
 * control, not a rule of RULES.md.
 */
export const SMALL_CELL = 5;

/** A count as open statistics show it: null (suppressed) when it is small enough to point at a child. */
export function openCount(n: number): number | null {
  return n > 0 && n < SMALL_CELL ? null : n;
}

/** The groups a statistics row is about. */
export interface StatisticsKey {
  areaId: string;
  groupYear: number;
  privilege: string;
}

export const keyOf = (k: StatisticsKey) => `${k.areaId}|${k.groupYear}|${k.privilege}`;

/**
 * Rows of several per-key queries merged into one row per key, each starting from `empty` —
 * ordered by area, group year (newest first) and privilege, as an operator reads them.
 */
export function mergeByKey<R extends StatisticsKey>(
  empty: () => Omit<R, keyof StatisticsKey>,
  parts: Array<Array<Partial<R> & StatisticsKey>>,
): R[] {
  const rows = new Map<string, R>();
  for (const part of parts)
    for (const p of part) {
      const key = keyOf(p);
      rows.set(key, {
        ...(rows.get(key) ?? ({ ...empty(), areaId: p.areaId, groupYear: p.groupYear, privilege: p.privilege } as R)),
        ...p,
      });
    }
  return [...rows.values()].sort(
    (a, b) => a.areaId.localeCompare(b.areaId) || b.groupYear - a.groupYear || a.privilege.localeCompare(b.privilege),
  );
}
