import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCHES } from './benches';

const root = join(__dirname, '..', '..');

/**
 * `npm run bench -- --smoke`: every benchmark at tiny sizes, so that none rots between the runs
 * that measure. Its figures mean nothing; that each bench ran to the end and reported does.
 */
describe('npm run bench, smoke-sized', () => {
  it('runs every benchmark to the end, each reporting its figures to one table', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'infra/bench/run.ts', '--smoke'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = run.stdout.split('\n').filter((l) => /^(ok|FAILED) {2}\w+ in \d+ s/.test(l));
    expect(summary.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(BENCHES.map((b) => `ok ${b.name}`));
    expect(run.stdout).toMatch(/\| bench \| figure \| measured \|/);
    expect(run.status).toBe(0);
  }, 600_000);
});
