import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

/** What a service owns in the database: its schema, entities and migrations. */
export interface DataSourceDefinition {
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

function dataSourceOptions(def: DataSourceDefinition, url: string, replicaUrls: string[] = []): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    schema: def.schema,
    entities: def.entities,
    migrations: def.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // search_path lets raw SQL name tables without the schema.
    extra: { max: 10, application_name: `kezek-${def.schema}`, options: `-c search_path=${def.schema},public` },
  };
  if (replicaUrls.length === 0) return { ...common, url };
  // Writes and ordinary reads stay on the primary; only analytics opts into replicas (STYLE).
  return {
    ...common,
    replication: { defaultMode: 'master', master: { url }, slaves: replicaUrls.map((u) => ({ url: u })) },
  };
}

export function createDataSource(def: DataSourceDefinition, url: string, replicaUrls: string[] = []): DataSource {
  return new DataSource(dataSourceOptions(def, url, replicaUrls));
}

/** Creates the service's schema (the migrations table lives in it) and applies pending migrations. */
export async function runMigrations(def: DataSourceDefinition, url: string): Promise<string[]> {
  const ds = createDataSource(def, url);
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${def.schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
