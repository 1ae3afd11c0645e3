/**
 * RFC 4180 CSV with a header row. A cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) is prefixed with an apostrophe: exported figures open as text, not code.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<object>): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (r: object) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(',');
  return [columns.join(','), ...rows.map(line)].join('\r\n') + '\r\n';
}
