import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTokenKeyPair } from '@kezek/auth';
import { migrateAll } from './migrate';
import { seedAll } from './seed';
import { startStack } from './stack';
import { createDatabase, ensurePostgres, ensureRedis } from './stores';
import { ROOT } from './processes';

// `npm start`: the whole graph on one machine with embedded defaults (README, quick start).
const STATE = join(ROOT, '.kezek');
const started = Date.now();
const say = (m: string) => process.stdout.write(`${m}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

/** Prints each process's log line compactly: `[queue] message` (errors in full). */
function printLine(name: string, line: string) {
  try {
    const entry = JSON.parse(line) as { level: number; msg?: string; err?: unknown; context?: string };
    if (entry.level >= 40 || (entry.level >= 30 && !entry.context)) say(`[${name}] ${entry.msg ?? ''}${entry.err ? ` ${JSON.stringify(entry.err)}` : ''}`);
  } catch {
    say(`[${name}] ${line}`);
  }
}

function devKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const dir = join(STATE, 'keys');
  const file = join(dir, 'jwt.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const keys = generateTokenKeyPair();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

async function main() {
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => say(`  ${(e as Error).message}`));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    say(process.env.DATABASE_URL ? 'PostgreSQL: DATABASE_URL' : 'PostgreSQL: embedded (data in .kezek/pg)');
    const pg = await ensurePostgres({ dataDir: join(STATE, 'pg'), persistent: true, log: say });
    stops.push(pg.stop);
    const databaseUrl = process.env.DATABASE_URL ?? (await createDatabase(pg.url, 'kezek'));
    say(process.env.REDIS_URL ? 'Redis: REDIS_URL' : 'Redis: redis-server from PATH');
    const redis = await ensureRedis({ log: say });
    stops.push(redis.stop);
    say(`stores ready (${elapsed()}); migrating…`);
    await migrateAll(databaseUrl, (m) => say(`  ${m}`));
    await seedAll(databaseUrl, new Date(), (m) => say(`  ${m}`));
    const keys = devKeys();
    say(`starting services (${elapsed()})…`);
    const stack = await startStack({
      databaseUrl,
      redisUrl: redis.url,
      jwtPublicKeyPem: keys.publicKeyPem,
      jwtPrivateKeyPem: keys.privateKeyPem,
      ports: 'default',
      workers: true,
      gateway: true,
      env: { NODE_ENV: process.env.NODE_ENV ?? 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      onLine: printLine,
    });
    stops.push(stack.stop);
    say(`\nKezek is up in ${elapsed()}.`);
    say(`  GraphQL gateway and playground: ${stack.gatewayUrl}  (header x-kezek-portal: astana)`);
    say(`  try: { kindergartens(regionId: "astana") { name address groups { groupYear language freeSeats } } }`);
    say('Ctrl-C stops everything started here.');
  } catch (e) {
    say(`\nstart failed: ${(e as Error).message}`);
    await shutdown(1);
  }
}

void main();
