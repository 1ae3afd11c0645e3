import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { REGISTER, ROOT } from '../dev/processes';
import { BENCHES } from './benches';
import { BenchFigure, goalMet } from '@kezek/bench-report';

/**
 * `npm run bench`: every benchmark of the project, one after another (each alone on the machine),
 * then one table of every figure next to what it was compared with in the same run and its goal,
 * with the machine: infra/bench/results.md and .json, and the README's table between its markers.
 *   npm run bench -- eds graph     only those
 *   npm run bench -- --smoke       tiny sizes (seconds each): exercises every bench's code paths;
 *                                  its figures mean nothing and are written nowhere (`npm test` runs it)
 */

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length) {
  process.stderr.write(`no such bench: ${unknown.join(', ')} (${BENCHES.map((b) => b.name).join(', ')})\n`);
  process.exit(2);
}
const chosen = BENCHES.filter((b) => only.length === 0 || only.includes(b.name));

const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};

mkdirSync(join(ROOT, '.kezek'), { recursive: true });
const reportFile = join(ROOT, '.kezek', `bench-${process.pid}.jsonl`);
const runs: Array<{ bench: string; seconds: number; ok: boolean; load: [number, number]; figures: BenchFigure[] }> = [];
for (const bench of chosen) {
  rmSync(reportFile, { force: true });
  process.stdout.write(`\n▶ bench ${bench.name}${smoke ? ' (smoke)' : ''}\n`);
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const r = spawnSync(process.execPath, ['-r', REGISTER, bench.file], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(smoke ? { ...bench.smoke, BENCH_SMOKE: '1' } : {}), BENCH_REPORT: reportFile },
  });
  const figures = existsSync(reportFile)
    ? readFileSync(reportFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as BenchFigure)
    : [];
  runs.push({
    bench: bench.name,
    seconds: Math.round((Date.now() - started) / 1000),
    ok: r.status === 0 && figures.length > 0,
    load: [loadBefore, loadavg()[0]],
    figures,
  });
}
rmSync(reportFile, { force: true });

const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 3 });
const rows = runs.flatMap((run) =>
  run.figures.map((f) => {
    const met = goalMet(f);
    return [
      run.bench,
      f.figure,
      `${num(f.value)} ${f.unit}`,
      f.against ? `${f.against.figure}: ${num(f.against.value)} ${f.against.unit}` : '',
      f.goal === undefined ? '' : `${f.better === 'higher' ? '≥' : '≤'} ${num(f.goal)} ${f.unit}`,
      met === undefined ? '' : met ? 'met' : '**missed**',
      f.note ?? '',
    ];
  }),
);
const table = [
  `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}; ${machine.date}. ` +
    `Load average (1 min) before → after each bench: ${runs.map((r) => `${r.bench} ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join(', ')}.`,
  '',
  '| bench | figure | measured | compared with, same run | goal | | note |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');

process.stdout.write(`\n${table}\n\n`);
for (const run of runs)
  process.stdout.write(
    `${run.ok ? 'ok' : 'FAILED'}  ${run.bench} in ${run.seconds} s, ${run.figures.length} figures\n`,
  );

/** Written as the repository's prettier would (`npm test` checks every file's formatting). */
async function writeFormatted(file: string, text: string): Promise<void> {
  const options = await resolveConfig(file);
  writeFileSync(file, await format(text, { ...options, filepath: file }));
}

async function writeResults(): Promise<void> {
  await writeFormatted(join(__dirname, 'results.json'), JSON.stringify({ machine, runs }));
  await writeFormatted(join(__dirname, 'results.md'), `${table}\n`);
  // The README shows the latest whole run.
  if (only.length === 0) {
    const readme = join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const marked = /(<!-- bench-table:start -->\n)[\s\S]*?(\n<!-- bench-table:end -->)/;
    if (marked.test(text)) await writeFormatted(readme, text.replace(marked, `$1\n${table}\n$2`));
  }
}

void (smoke ? Promise.resolve() : writeResults()).then(() => process.exit(runs.every((r) => r.ok) ? 0 : 1));
