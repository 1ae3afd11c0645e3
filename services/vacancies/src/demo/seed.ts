import { DataSource } from 'typeorm';
import { Group, Kindergarten } from '../kindergarten/kindergarten.entity';
import { District, Region } from '../region/region.entity';
import { DEMO_REGIONS, demoKindergartens } from './demo-registry';

/** Demo registry on first run; a database that already has kindergartens is left alone. */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(Kindergarten).count()) > 0) return false;
  await db.transaction(async (tx) => {
    await tx.getRepository(Region).insert(DEMO_REGIONS.map((r) => ({ id: r.id, nameKk: r.kk, nameRu: r.ru })));
    await tx.getRepository(District).insert(DEMO_REGIONS.flatMap((r) => r.districts.map(([id, kk, ru]) => ({ id, regionId: r.id, nameKk: kk, nameRu: ru }))));
    const kindergartens = demoKindergartens(now.getUTCFullYear());
    await tx.getRepository(Kindergarten).insert(kindergartens.map(({ groups: _, ...k }) => k));
    await tx.getRepository(Group).insert(kindergartens.flatMap((k) => k.groups.map((g) => ({ ...g, kindergartenId: k.id }))));
  });
  return true;
}
