import { createDataSource } from '@kezek/subgraph';
import { seedDemo as seedIdentity } from '../../services/identity/src/demo/seed';
import { seedDemo as seedQueue } from '../../services/queue/src/demo/seed';
import { seedDemo as seedVacancies } from '../../services/vacancies/src/demo/seed';
import { seedDemo as seedNotifications } from '../../services/notifications/src/demo/seed';
import { demoKindergartens } from '../../services/vacancies/src/demo/demo-registry';
import { SERVICES } from './services';

/** Demo data for every service on first run; each service's seed leaves existing data alone. */
export async function seedAll(databaseUrl: string, now: Date, log: (m: string) => void = () => undefined): Promise<void> {
  const byName = Object.fromEntries(SERVICES.map((s) => [s.name, s.data]));
  const run = async (name: keyof typeof byName, seed: (db: import('typeorm').DataSource) => Promise<boolean>) => {
    const db = await createDataSource(byName[name], databaseUrl).initialize();
    try {
      if (await seed(db)) log(`${name}: demo data loaded`);
    } finally {
      await db.destroy();
    }
  };
  // The demo referral points at the first Astana group of the referred child's year.
  const referralGroup = demoKindergartens(now.getUTCFullYear()).find((k) => k.regionId === 'astana' && k.isState)!.groups[0];
  await run('identity', (db) => seedIdentity(db));
  await run('vacancies', (db) => seedVacancies(db, now));
  await run('queue', (db) => seedQueue(db, now, referralGroup.id));
  await run('notifications', (db) => seedNotifications(db, now));
}
