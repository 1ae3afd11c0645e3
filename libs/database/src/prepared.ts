import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** The statement's name on every connection: from its text, so that two texts never share one. */
function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `kezek_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * A hot statement as a named prepared statement: each pooled connection parses it once and,
 * after a few executions, PostgreSQL keeps a generic plan, so a call skips parsing and
 * planning. TypeORM sends every query unnamed (parsed and planned again on every call: most
 * of PostgreSQL's CPU for checking a choice in a release-day race). Runs on `on`'s transaction
 * where it has one. Needs a session-pooled connection (no PgBouncer in transaction mode). `sql`
 * is one of a fixed set of texts: each text becomes a statement on every connection, for good.
 */
export async function preparedQuery<R>(on: DataSource | EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const own = on instanceof DataSource ? undefined : on.queryRunner;
  const runner = own ?? (on instanceof DataSource ? on : on.connection).createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const result = await client.query({ name: nameOf(sql), text: sql, values: params });
    return result.rows as R[];
  } finally {
    if (!own) await runner.release();
  }
}
