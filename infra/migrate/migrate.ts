import { runServiceCommand } from '../dev/processes';
import { SERVICES } from '../dev/services';

/** Applies every service's pending migrations, each service in its own schema and process. */
export async function migrateAll(databaseUrl: string, log: (m: string) => void = () => undefined): Promise<void> {
  // Each schema is independent, so the services migrate side by side.
  const results = await Promise.all(
    SERVICES.map(async (s) => [s.name, await runServiceCommand(s.name, 'migrate', { DATABASE_URL: databaseUrl })]),
  );
  for (const [name, said] of results) log(`${name}: ${said}`);
}

// The deployments' migrate job (compose, k8s) and `npm run migrate`: DATABASE_URL must be set.
if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: is required\n');
    process.exit(78);
  }
  migrateAll(url, (m) => process.stdout.write(`${m}\n`)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
