import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '@kezek/postgres';

function required(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run this test through jest's integration or e2e project (infra/test/global-setup.ts, e2e-global-setup.ts)`,
    );
  return v;
}

/**
 * A fresh database with every service's migrations, cloned from the run's template; each test
 * file gets its own, so files run in parallel without seeing each other's rows. `demo`: cloned
 * from the template the e2e project's setup loaded the demo data into.
 */
export async function createTestDatabase(
  o: { demo?: boolean } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = required('KEZEK_TEST_PG_URL');
  const name = `kezek_t_${required('KEZEK_TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const template = required(o.demo ? 'KEZEK_TEST_DEMO_TEMPLATE_DB' : 'KEZEK_TEST_TEMPLATE_DB');
  const url = await createDatabase(server, name, template);
  return { url, name, drop: () => dropDatabase(server, name) };
}

export function testRedisUrl(): string {
  return required('KEZEK_TEST_REDIS_URL');
}

/** A BullMQ key prefix of this test file alone. */
export function testQueuePrefix(): string {
  return `kezek-test-${randomBytes(4).toString('hex')}`;
}
