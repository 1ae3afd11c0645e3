import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateTokenKeyPair } from '@kezek/auth';
import { SystemClock } from '@kezek/clock';
import { ServiceAudience, ServiceTokenSigner } from '@kezek/internal-api';
import { REGISTER, ROOT, RunningProcess, runServiceCommand, spawnProcess } from '../dev/processes';
import { freePort, waitForRedis } from '../dev/stores';

// The fault suite's own throwaway stores and processes: an embedded PostgreSQL and a
// redis-server on free ports of 127.0.0.1, and the vacancies API and worker on them. Only what
// this file started is ever stopped, killed or restarted.

const log = (m: string) => process.stderr.write(`[faults] ${m}\n`);
/** Set FAULTS_VERBOSE=1 to see the spawned processes' log lines. */
const onLine = (name: string, line: string) => {
  if (process.env.FAULTS_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
};

/** An embedded PostgreSQL cluster (run by postgres-host.ts) that can be stopped and started again on its port. */
export class ThrowawayPostgres {
  private constructor(
    readonly url: string,
    private readonly host: ChildProcess,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const host = spawn(process.execPath, ['-r', REGISTER, 'infra/faults/postgres-host.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      host.once('message', (m: { url?: string }) => (m.url ? resolve(m.url) : reject(new Error(JSON.stringify(m)))));
      host.once('exit', (code) => reject(new Error(`the PostgreSQL host exited with code ${code}`)));
    });
    return new ThrowawayPostgres(url, host);
  }

  private command(command: 'stop' | 'start' | 'remove'): Promise<void> {
    if (this.host.exitCode !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the PostgreSQL host exited during ${command}`));
      this.host.once('exit', onExit);
      const onMessage = (m: { done?: string }) => {
        if (m.done !== command) return;
        this.host.off('message', onMessage);
        this.host.off('exit', onExit);
        resolve();
      };
      this.host.on('message', onMessage);
      this.host.send(command);
    });
  }

  /** A fast shutdown (SIGINT to the postmaster): open connections are cut. */
  stop(): Promise<void> {
    return this.command('stop');
  }

  /** The same cluster, port and password again. */
  start(): Promise<void> {
    return this.command('start');
  }

  async remove(): Promise<void> {
    await this.command('remove').catch(() => undefined);
  }
}

/** A redis-server with AOF on (as deployed: docker-compose.yml) that can be killed and restarted on its port. */
export class ThrowawayRedis {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<ThrowawayRedis> {
    const dir = join(tmpdir(), `kezek-faults-redis-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const redis = new ThrowawayRedis(await freePort(), dir);
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes'];
    args.push('--dir', this.dir, '--maxmemory-policy', 'noeviction');
    this.child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr?.on('data', (d) => log(`redis: ${String(d).trim()}`));
    await waitForRedis(this.url);
  }

  /** kill -9. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One statement on a connection of its own, so a restarted PostgreSQL never leaves the checks a dead pool. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new Client({ connectionString: url, options: '-c search_path=vacancies,public' });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The vacancies API and worker on the throwaway stores, each killable and restartable. */
export class Vacancies {
  api?: RunningProcess;
  worker?: RunningProcess;
  readonly token: Promise<string>;
  private constructor(
    readonly databaseUrl: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly ports: { api: number; worker: number },
  ) {
    this.token = new ServiceTokenSigner(env.INTERNAL_API_SECRET!, 'kezek-queue', 3600).sign(
      ServiceAudience.VacanciesInternal,
      new SystemClock().now(),
    );
  }

  /** Migrates the database, then returns the processes' handle (nothing started yet). */
  static async prepare(databaseUrl: string, redisUrl: string): Promise<Vacancies> {
    await runServiceCommand('vacancies', 'migrate', { DATABASE_URL: databaseUrl });
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      AUTH_JWT_PUBLIC_KEY: generateTokenKeyPair().publicKeyPem,
      INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
      GATEWAY_SECRET: randomBytes(32).toString('base64url'),
      QUEUE_PREFIX: `kezek-faults-${process.pid}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.FAULTS_VERBOSE ? 'info' : 'warn',
    };
    return new Vacancies(databaseUrl, env, { api: await freePort(), worker: await freePort() });
  }

  get url(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  /** The BullMQ key prefix of these processes. */
  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX!;
  }

  async startApi(): Promise<RunningProcess> {
    this.api = await spawnProcess({
      name: 'vacancies',
      script: 'services/vacancies/src/main.ts',
      port: this.ports.api,
      env: this.env,
      healthPath: '/health/ready',
      onLine,
    });
    return this.api;
  }

  async startWorker(): Promise<RunningProcess> {
    this.worker = await spawnProcess({
      name: 'vacancies-worker',
      script: 'services/vacancies/src/worker.ts',
      port: this.ports.worker,
      env: this.env,
      healthPath: '/health/ready',
      onLine,
    });
    return this.worker;
  }

  /** Starts again whichever of the two a previous test left dead. */
  async ensureRunning(): Promise<void> {
    const dead = (p?: RunningProcess) => !p || p.child.exitCode !== null || p.child.signalCode !== null;
    await Promise.all([dead(this.api) && this.startApi(), dead(this.worker) && this.startWorker()]);
  }

  /** Stops whatever still runs (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    await this.worker?.stop();
    await this.api?.stop();
  }
}

/** kill -9 of a spawned process; resolves once it is gone. */
export function kill9(p: RunningProcess): Promise<void> {
  return signal(p, 'SIGKILL').then(() => undefined);
}

/** Sends `sig` and resolves with the exit code (null when a signal ended it). */
export function signal(p: RunningProcess, sig: NodeJS.Signals): Promise<number | null> {
  const { child } = p;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(sig);
  });
}

/** An HTTP answer; status 0 with `error` when there was none (refused, reset, timed out) and an empty body. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: Partial<T> & { code?: string };
  error?: string;
}

/** POSTs to the claims API on a connection of its own; never rejects, never hangs past `timeoutMs`. */
export function post<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  body: unknown,
  token: string,
  timeoutMs = 15_000,
): Promise<Answer<T>> {
  const data = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      new URL(`/internal/claims/${path}`, baseUrl),
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', (e) => resolve({ status: 0, body: {}, error: e.message }));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T & { code?: string } });
          } catch {
            resolve({ status: 0, body: {}, error: `not JSON (${res.statusCode}): ${text.slice(0, 200)}` });
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`TIMEOUT after ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: 0, body: {}, error: e.message }));
    req.end(data);
  });
}

/** Runs `task(i)` for i in [0, total) with `concurrency` in flight. */
export async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let groups = 0;
/** A state kindergarten with one group and `seats` free seats; returns the group id. */
export async function groupWithSeats(url: string, seats: number): Promise<string> {
  groups += 1;
  await sql(
    url,
    `INSERT INTO region (id, name_kk, name_ru) VALUES ('astana', 'Астана', 'Астана') ON CONFLICT DO NOTHING`,
  );
  await sql(
    url,
    `INSERT INTO district (id, region_id, name_kk, name_ru) VALUES ('astana-esil', 'astana', 'Есіл', 'Есиль') ON CONFLICT DO NOTHING`,
  );
  const [k] = await sql<{ id: string }>(
    url,
    `INSERT INTO kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages)
     VALUES ($1, $1, $2, 51.13, 71.43, 'astana', 'astana-esil', true, '{KK}') RETURNING id`,
    [`Сад ${groups}`, `ул. ${groups}`],
  );
  const [g] = await sql<{ id: string }>(
    url,
    `INSERT INTO "group" (kindergarten_id, group_year, language, capacity) VALUES ($1, 2022, 'KK', $2) RETURNING id`,
    [k.id, seats],
  );
  await sql(
    url,
    `INSERT INTO seat (group_id, status, published_at) SELECT $1, 'FREE', now() FROM generate_series(1, $2)`,
    [g.id, seats],
  );
  return g.id;
}
