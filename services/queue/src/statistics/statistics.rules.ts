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

/**
 * RFC 4180 CSV with a header row. A cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) is prefixed with an apostrophe: exported figures open as text, not code.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
