import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@kezek/config';
import { createDataSource, DataSourceDefinition, runMigrations } from './data-source';

export interface ServiceCliDefinition {
  data: DataSourceDefinition;
  /** Loads demo data on first run; returns false when the data were already there. */
  /** Loaded only by `seed`, so the production `migrate` never loads demo code. */
  seed?: () => Promise<(db: DataSource, now: Date) => Promise<boolean>>;
}

const cliEnv = {
  DATABASE_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  /** The instant demo data are relative to (tests pin it); now by default. */
  DEMO_NOW: z.string().datetime({ offset: true }).optional(),
};

/**
 * A service's own maintenance entry point (`src/cli.ts`): `migrate` applies its migrations to
 * its schema, `seed` loads its demo data. Deployments run `migrate` as a job before the APIs.
 */
export async function runServiceCli(def: ServiceCliDefinition, argv = process.argv.slice(2)): Promise<void> {
  const say = (m: string) => process.stdout.write(`${m}\n`);
  try {
    const env = loadConfig(cliEnv);
    const [command] = argv;
    if (command === 'migrate') {
      const applied = await runMigrations(def.data, env.DATABASE_URL);
      say(applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date');
    } else if (command === 'seed' && !def.seed) {
      // Its demo data comes from the others' (events of the demo journey), like a portal's.
      say('no demo data of its own');
    } else if (command === 'seed' && def.seed) {
      const db = await createDataSource(def.data, env.DATABASE_URL).initialize();
      try {
        say(
          (await (
            await def.seed()
          )(db, env.DEMO_NOW ? new Date(env.DEMO_NOW) : new Date()))
            ? 'demo data loaded'
            : 'demo data already there',
        );
      } finally {
        await db.destroy();
      }
    } else {
      throw new ConfigError('usage: cli.ts migrate | seed');
    }
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : (e as Error).stack}\n`);
    process.exit(e instanceof ConfigError ? 78 : 1);
  }
}
