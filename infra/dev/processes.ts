import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './stores';

export const ROOT = join(__dirname, '..', '..');

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
  const child = spawn(process.execPath, ['-r', '@swc-node/register', o.script], {
    cwd: ROOT,
    env: { ...process.env, ...o.env, PORT: String(o.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = (chunk: Buffer) => String(chunk).split('\n').filter(Boolean).forEach((l) => o.onLine(o.name, l));
  child.stdout?.on('data', lines);
  child.stderr?.on('data', lines);
  const url = `http://127.0.0.1:${o.port}`;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  await waitFor(
    async () => {
      if (exited !== null) throw new Error(`${o.name} exited with ${exited}`);
      return (await fetch(`${url}${o.healthPath}`)).ok;
    },
    o.timeoutMs ?? 60_000,
    `${o.name} did not become healthy at ${url}${o.healthPath}`,
  ).catch((e) => {
    child.kill('SIGKILL');
    throw exited !== null ? new Error(`${o.name} exited with code ${exited} before it was healthy`) : e;
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
