import { spawnSync } from 'node:child_process';
import { REGISTER, ROOT } from '../dev/processes';
import { BENCHES } from './benches';

/**
 * The benches `npm test` runs smoke-sized (tiny sizes; figures meaningless, that each ran to the end
 * and reported is what counts). The queue, lifecycle and notifications benches each boot a whole
 * stack of their own (a minute and a half together on the CI's two cores, whose 20-minute budget
 * the suite nearly fills): `npm run bench -- --smoke` runs them all; `npm test` type-checks them with the rest.
 */
const SMOKED = ['eds', 'claims', 'graph'];

describe('npm run bench, smoke-sized', () => {
  it('runs the benchmarks to the end, each reporting its figures to one table', () => {
    expect(SMOKED.every((name) => BENCHES.some((b) => b.name === name))).toBe(true);
    const run = spawnSync(process.execPath, ['-r', REGISTER, 'infra/bench/run.ts', '--smoke', ...SMOKED], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = run.stdout.split('\n').filter((l) => /^(ok|FAILED) {2}\w+ in \d+ s/.test(l));
    expect(summary.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(SMOKED.map((name) => `ok ${name}`));
    expect(run.stdout).toMatch(/\| bench \| figure \| measured \|/);
    expect(run.status).toBe(0);
  }, 600_000);
});
