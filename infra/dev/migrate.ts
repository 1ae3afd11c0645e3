import { runMigrations } from '@kezek/subgraph';
import { SERVICES } from './services';

/** Applies every service's pending migrations, each in its own schema. */
export async function migrateAll(databaseUrl: string, log: (m: string) => void = () => undefined): Promise<void> {
  for (const s of SERVICES) {
    const applied = await runMigrations(s.data, databaseUrl);
    if (applied.length) log(`${s.name}: applied ${applied.join(', ')}`);
  }
}

// `npm run migrate` (and the deployment's migrate job): DATABASE_URL must be set.
if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: is required\n');
    process.exit(78);
  }
  migrateAll(url, (m) => process.stdout.write(`${m}\n`)).then(
    () => process.stdout.write('migrations up to date\n'),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
