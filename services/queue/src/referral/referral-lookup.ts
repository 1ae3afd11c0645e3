import { EntityManager } from 'typeorm';
import { Application } from '../application/application.entity';
import { Referral } from './referral.entity';

/**
 * A referral and its application. With `lock`, both rows are locked in that order — the one
 * order every change of a referral takes (issue, extension, revocation, expiry, enrolment), so two
 * of them never wait on each other.
 */
export async function referralWithApplication(
  manager: EntityManager,
  referralId: string,
  lock = false,
): Promise<{ referral: Referral | null; app: Application | null }> {
  const mode = lock ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const referral = await manager.getRepository(Referral).findOne({ where: { id: referralId }, ...mode });
  const app = referral
    ? await manager.getRepository(Application).findOne({ where: { id: referral.applicationId }, ...mode })
    : null;
  return { referral, app };
}
