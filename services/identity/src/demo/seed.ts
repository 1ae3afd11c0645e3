import { DataSource } from 'typeorm';
import { DEMO_PEOPLE } from '@kezek/demo';
import { User } from '../user/user.entity';

/** Demo people on first run (their certificates come from the dev PKI). */
export async function seedDemo(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(User).count()) > 0) return false;
  await db.getRepository(User).insert(
    DEMO_PEOPLE.map((p) => ({
      id: p.id,
      iin: p.iin,
      surname: p.surname,
      givenName: p.givenName,
      patronymic: p.patronymic,
      fullName: `${p.surname} ${p.givenName} ${p.patronymic}`,
      email: p.email,
      phone: p.phone,
      roles: p.roles,
    })),
  );
  return true;
}
