import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// `npm test`: type check, lint (module boundaries), then every jest project; the last line is
// the plain `N passed, N failed` CI reads. Extra arguments go to jest.
const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const step = (name: string, cmd: string, args: string[]) => {
  process.stdout.write(`\n▶ ${name}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  process.stdout.write(
    `  ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
  return r.status ?? 1;
};

mkdirSync(join(root, '.kezek'), { recursive: true });
const extra = process.argv.slice(2);

let failedSteps = 0;
if (extra.length === 0) {
  failedSteps += step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) === 0 ? 0 : 1;
  // The module-boundary rule skips silently without a cached project graph: build it first.
  failedSteps += step('project graph', bin('nx'), ['show', 'projects']) === 0 ? 0 : 1;
  failedSteps += step('lint', bin('eslint'), ['.', '--max-warnings=0']) === 0 ? 0 : 1;
  failedSteps += step('format', bin('prettier'), ['--check', '--log-level=warn', '.']) === 0 ? 0 : 1;
}
/** One jest run whose results (passed, failed, skipped) join the summary line. */
function jest(name: string, args: string[]) {
  const out = join(root, '.kezek', `${name}-results.json`);
  rmSync(out, { force: true });
  // --forceExit: in two of five CI rehearsals jest's process spun at 100 % CPU after writing its
  // results (every test green) and never exited; not reproduced outside CI, cause still open.
  const status = step(name, bin('jest'), ['--json', `--outputFile=${out}`, '--forceExit', ...args]);
  if (!existsSync(out)) return { status, passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numRuntimeErrorTestSuites: number;
  };
  return {
    status,
    passed: r.numPassedTests,
    failed: r.numFailedTests + r.numRuntimeErrorTestSuites,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

const runs = [jest('jest', extra)];
// The fault suite (its own PostgreSQL and Redis, processes killed mid-flow) runs with the whole suite.
if (extra.length === 0) runs.push(jest('faults', ['--config', 'infra/faults/jest.config.js']));
const jestStatus = runs.some((r) => r.status !== 0) ? 1 : 0;
const passed = runs.reduce((n, r) => n + r.passed, 0);
let failed = runs.reduce((n, r) => n + r.failed, 0);
const skipped = runs.reduce((n, r) => n + r.skipped, 0);
// A failed type check or lint counts as a failure, so the summary never reads green over it.
failed += failedSteps;
if (jestStatus !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 || jestStatus !== 0 ? 1 : 0);
