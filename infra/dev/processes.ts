import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './stores';

export const ROOT = join(__dirname, '..', '..');
/** `node -r REGISTER <entry>.ts` runs a TypeScript entry point (infra/register.js). */
export const REGISTER = join(ROOT, 'infra', 'register.js');

export interface RunningProcess {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Entry point relative to the repository root, e.g. services/queue/src/main.ts. */
  script: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Path polled until it answers 200. */
  healthPath: string;
  onLine: (name: string, line: string) => void;
  timeoutMs?: number;
}

/** Runs a TypeScript entry point in its own Node process and waits until its health answers. */
export async function spawnProcess(o: SpawnOptions): Promise<RunningProcess> {
  // CPU_PROF_DIR=<dir>: a V8 CPU profile of every process, written as it stops (profiling a benchmark).
  const profile = process.env.CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', REGISTER, o.script], {
    cwd: ROOT,
    env: { ...process.env, ...o.env, PORT: String(o.port) },
    // The IPC channel closes when this process dies, however it dies: the child then stops itself.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Own process group: a terminal's Ctrl-C reaches only the starter, which stops us in order.
    detached: true,
  });
  // Whole lines (a chunk may end mid-line); the last ones are kept so a process that dies at
  // boot says why in the error.
  const recent: string[] = [];
  const onLine = (line: string) => {
    if (!line) return;
    recent.push(line);
    if (recent.length > 15) recent.shift();
    o.onLine(o.name, line);
  };
  for (const stream of [child.stdout, child.stderr])
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  const url = `http://127.0.0.1:${o.port}`;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  // A process that exits stops the wait at once (the check counts as done, then fails below).
  const healthy = waitFor(
    async () => exited !== null || (await fetch(`${url}${o.healthPath}`)).ok,
    o.timeoutMs ?? 60_000,
    `${o.name} did not become healthy at ${url}${o.healthPath}`,
  ).then(() => {
    if (exited !== null) throw new Error(`${o.name} exited with code ${exited} before it was healthy`);
  });
  await healthy.catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}${recent.length ? `; its last output:\n  ${recent.join('\n  ')}` : ''}`);
  });
  return {
    name: o.name,
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs one command of a service's own CLI (`services/<name>/src/cli.ts`) to completion. */
export function runServiceCommand(name: string, command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER, `services/${name}/src/cli.ts`, command], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${name} ${command} failed (exit ${code}):\n${out.trim()}`)),
    );
  });
}
