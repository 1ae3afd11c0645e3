import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Metrics } from '@kezek/metrics';

// The dashboard and the alerts name metrics the code exports: a metric renamed or removed in the
// code fails here, not silently on a wall screen or in a pager that never rings.

const ROOT = join(__dirname, '..', '..');
const HERE = __dirname;

/** `kezek_…` names the code registers: string literals in libs/, services/ and gateway/, and Node's defaults. */
async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/'(kezek_[a-z0-9_]+)'/g)) names.add(m[1]);
    }
  };
  for (const dir of ['libs', 'services', 'gateway']) walk(join(ROOT, dir));
  const defaults = await new Metrics({ service: 'x', role: 'api' }).registry.getMetricsAsJSON();
  for (const m of defaults) names.add(m.name);
  return names;
}

/** A series name without the suffixes Prometheus adds to histograms and summaries. */
const base = (series: string) => series.replace(/_(bucket|sum|count)$/, '');

function referenced(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(kezek_[a-z0-9_]+)/g)].map((m) => base(m[1])))];
}

describe('observability files', () => {
  const dashboard = readFileSync(join(HERE, 'grafana-dashboard.json'), 'utf8');
  const alerts = readFileSync(join(HERE, 'alerts.yml'), 'utf8');

  it('parse, and every alert has a summary and a severity', () => {
    const panels = (JSON.parse(dashboard) as { panels: Array<{ targets: Array<{ expr: string }> }> }).panels;
    expect(panels.length).toBeGreaterThan(5);
    const rules = (parse(alerts) as { groups: Array<{ rules: Array<Record<string, unknown>> }> }).groups.flatMap(
      (g) => g.rules,
    );
    for (const rule of rules) {
      expect(rule).toMatchObject({ alert: expect.any(String), expr: expect.any(String) });
      expect(rule.labels).toMatchObject({ severity: expect.stringMatching(/^(critical|warning)$/) });
      expect(rule.annotations).toMatchObject({ summary: expect.any(String) });
    }
  });

  it('name only metrics the code exports', async () => {
    const names = await exported();
    expect(names.has('kezek_graphql_operation_seconds')).toBe(true);
    expect(referenced(dashboard).filter((n) => !names.has(n))).toEqual([]);
    expect(referenced(alerts).filter((n) => !names.has(n))).toEqual([]);
  });
});
