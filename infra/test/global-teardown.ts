import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __kezekTestStores?: Array<() => Promise<void>>; __kezekTeardownDone?: boolean };
  if (!g.__kezekTestStores || g.__kezekTeardownDone) return;
  g.__kezekTeardownDone = true;
  // Drop what this run created, so a shared PostgreSQL (CI, a developer's) is left clean.
  const client = new Client({ connectionString: process.env.KEZEK_TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2 OR datname = $3`,
      [`kezek_t_${process.pid}_%`, process.env.KEZEK_TEST_TEMPLATE_DB, process.env.KEZEK_TEST_DEMO_TEMPLATE_DB],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  for (const stop of g.__kezekTestStores) await stop();
}
