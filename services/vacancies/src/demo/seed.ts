import { DataSource } from 'typeorm';
import { Group } from '../group/group.entity';
import { Kindergarten } from '../kindergarten/kindergarten.entity';
import { District } from '../region/district.entity';
import { Region } from '../region/region.entity';
import { Seat } from '../seat/seat.entity';
import { SeatStatus } from '../seat/seat-lifecycle';
import { DEMO_REGIONS, demoKindergartens } from './demo-registry';

/** Demo registry on first run; a database that already has kindergartens is left alone. */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(Kindergarten).count()) > 0) return false;
  await db.transaction(async (tx) => {
    await tx.getRepository(Region).insert(DEMO_REGIONS.map((r) => ({ id: r.id, nameKk: r.kk, nameRu: r.ru })));
    await tx
      .getRepository(District)
      .insert(
        DEMO_REGIONS.flatMap((r) =>
          r.districts.map(([id, kk, ru]) => ({ id, regionId: r.id, nameKk: kk, nameRu: ru })),
        ),
      );
    const kindergartens = demoKindergartens(now);
    await tx.getRepository(Kindergarten).insert(kindergartens.map(({ groups: _, ...k }) => k));
    const groups = kindergartens.flatMap((k) => k.groups.map((g) => ({ ...g, kindergartenId: k.id })));
    await tx.getRepository(Group).insert(groups.map(({ freeSeats: _, ...g }) => g));
    // Free seats are seat rows; the demo publishes them directly (no events: nothing to notify yet).
    await tx
      .getRepository(Seat)
      .insert(
        groups.flatMap((g) =>
          Array.from({ length: g.freeSeats }, () => ({ groupId: g.id, status: SeatStatus.FREE, publishedAt: now })),
        ),
      );
  });
  return true;
}
