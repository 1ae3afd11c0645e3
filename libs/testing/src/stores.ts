import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this test through jest's integration or e2e project (infra/test/global-setup.ts)`);
  return v;
}

/**
 * A fresh database with every service's migrations, cloned from the run's template; each test
 * file gets its own, so files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = required('KEZEK_TEST_PG_URL');
  const name = `kezek_t_${required('KEZEK_TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${required('KEZEK_TEST_TEMPLATE_DB')}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export function testRedisUrl(): string {
  return required('KEZEK_TEST_REDIS_URL');
}

/** A BullMQ key prefix of this test file alone. */
export function testQueuePrefix(): string {
  return `kezek-test-${randomBytes(4).toString('hex')}`;
}
