import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTokenKeyPair } from '@kezek/auth';
import { migrateAll } from '../migrate/migrate';
import { createDatabase, databaseUrl, dropDatabase } from '@kezek/postgres';
import { seedAll } from '../dev/seed';
import { ensurePostgres, ensureRedis } from '../dev/stores';

/**
 * Real PostgreSQL and Redis for the integration and e2e projects: DATABASE_URL / REDIS_URL
 * when set, else an embedded PostgreSQL and a redis-server started here. A template database
 * holds every service's migrations; each test file clones it (CREATE DATABASE … TEMPLATE).
 * The e2e project's own setup (e2e-global-setup.ts) adds the demo-data template.
 */
export default stores;

/**
 * The stores with a second template holding the demo data: what a whole stack of
 * `startTestStack` needs. Loaded once here instead of by four CLI processes in every e2e
 * file's stack (about 3 s each).
 */
export async function e2eStores(): Promise<void> {
  await stores();
  if (process.env.KEZEK_TEST_DEMO_TEMPLATE_DB) return;
  const demo = `${process.env.KEZEK_TEST_TEMPLATE_DB}_demo`;
  const server = process.env.KEZEK_TEST_PG_URL!;
  await dropDatabase(server, demo);
  await seedAll(await createDatabase(server, demo, process.env.KEZEK_TEST_TEMPLATE_DB), new Date());
  process.env.KEZEK_TEST_DEMO_TEMPLATE_DB = demo;
}

async function stores(): Promise<void> {
  const g = globalThis as { __kezekTestStores?: Array<() => Promise<void>> };
  if (g.__kezekTestStores) return; // the integration and e2e setups both call it
  const log = (m: string) => process.stderr.write(`[test stores] ${m}\n`);
  const pg = await ensurePostgres({ dataDir: join(tmpdir(), `kezek-test-pg-${process.pid}`), persistent: false, log });
  const redis = await ensureRedis({ log });
  const template = `kezek_tpl_${process.pid}`;
  await dropDatabase(pg.url, template);
  const templateUrl = await createDatabase(pg.url, template);
  await migrateAll(templateUrl);
  const keys = generateTokenKeyPair();
  Object.assign(process.env, {
    KEZEK_TEST_PG_URL: databaseUrl(pg.url, 'postgres'),
    KEZEK_TEST_TEMPLATE_DB: template,
    KEZEK_TEST_RUN_ID: String(process.pid),
    KEZEK_TEST_REDIS_URL: redis.url,
    AUTH_JWT_PUBLIC_KEY: keys.publicKeyPem,
    AUTH_JWT_PRIVATE_KEY: keys.privateKeyPem,
  });
  g.__kezekTestStores = [redis.stop, pg.stop];
}
