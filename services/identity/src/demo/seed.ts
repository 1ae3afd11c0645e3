import { DataSource } from 'typeorm';
import { Role } from '@kezek/auth';
import { DEMO_PEOPLE } from '@kezek/demo';
import { grantAudit, RoleGrantAudit } from '../role-grant/role-grant-audit.entity';
import { RoleGrant } from '../role-grant/role-grant.entity';
import { User } from '../user/user.entity';

const REASON = 'demo data';

/** Demo people on first run (their certificates come from the dev PKI), operators and the admin with their grants. */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(User).count()) > 0) return false;
  await db.transaction(async (tx) => {
    await tx.getRepository(User).insert(
      DEMO_PEOPLE.map((p) => ({
        id: p.id,
        iin: p.iin,
        surname: p.surname,
        givenName: p.givenName,
        patronymic: p.patronymic,
        fullName: `${p.surname} ${p.givenName} ${p.patronymic}`,
        email: p.email,
        phone: p.phone,
      })),
    );
    for (const p of DEMO_PEOPLE) {
      for (const role of p.roles.filter((r) => r !== Role.APPLICANT)) {
        const grant = await tx.getRepository(RoleGrant).save({
          iin: p.iin,
          bin: null,
          role,
          kindergartenIds: p.scopes?.kindergartenIds ?? [],
          regionIds: role === Role.DISTRICT_OPERATOR ? (p.scopes?.regionIds ?? []) : [],
          grantedBy: 'demo',
          grantedAt: now,
          reason: REASON,
          revokedAt: null,
          revokedBy: null,
        });
        await tx.getRepository(RoleGrantAudit).insert(grantAudit(grant, 'GRANT', 'demo', now, REASON));
      }
    }
  });
  return true;
}
