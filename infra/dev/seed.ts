import { runServiceCommand } from './processes';
import { SERVICES } from './services';

/**
 * Demo data of every service on first run (each service's seed leaves existing data alone).
 * Rows that point across services use the shared demo ids of @kezek/demo, so order is free.
 */
export async function seedAll(
  databaseUrl: string,
  now: Date,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  const results = await Promise.all(
    SERVICES.map(async (s) => [
      s.name,
      await runServiceCommand(s.name, 'seed', { DATABASE_URL: databaseUrl, DEMO_NOW: now.toISOString() }),
    ]),
  );
  for (const [name, said] of results) log(`${name}: ${said}`);
}
