import { DataSource } from 'typeorm';
import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { DEMO_CHILDREN, demoPerson, demoReferralGroupId, demoUuid } from '@kezek/demo';
import { Portals } from '@kezek/portals';
import { Application } from '../application/application.entity';
import { HistoryEntry } from '../application/history-entry.entity';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { issueFilingDocuments } from '../document/document-issue';
import { DocumentRepository } from '../document/document.repository';
import { ReferralStatus } from '../referral/models/referral-status.enum';
import { Referral } from '../referral/referral.entity';

const HOUR = 3600_000;

/** Demo applications on first run, each with its filing documents (R22); the first child holds a referral to a demo group. */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(Application).count()) > 0) return false;
  const portals = Portals.fromEnv(process.env.PORTALS, process.env.PORTAL_POLICIES);
  const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
  const documents = new DocumentRepository(db);
  await db.transaction(async (tx) => {
    for (const [i, c] of DEMO_CHILDREN.entries()) {
      const filedAt = new Date(c.filedAt);
      const hasReferral = i === 0;
      const status = hasReferral ? ApplicationStatus.REFERRAL_ISSUED : ApplicationStatus.IN_QUEUE;
      await tx.getRepository(Application).insert({
        id: c.applicationId,
        number: `УО.${filedAt.getUTCFullYear()}.${String(i + 1).padStart(6, '0')}.1`,
        childIin: c.iin,
        childFullName: c.fullName,
        childBirthDate: c.birthDate,
        applicantId: demoPerson(c.applicant).id,
        privilege: c.privilege as Privilege,
        status,
        groupYear: Number(c.birthDate.slice(0, 4)),
        regionId: c.regionId,
        queueAreaId: c.regionId,
        createdAt: filedAt,
        inQueueSince: filedAt,
        lastChangedAt: hasReferral ? new Date(now.getTime() - 2 * HOUR) : filedAt,
        onStopListUntil: null,
        missedReferrals: 0,
      });
      await tx.getRepository(HistoryEntry).insert({
        applicationId: c.applicationId,
        at: filedAt,
        action: 'FILED',
        fromStatus: null,
        toStatus: ApplicationStatus.IN_QUEUE,
        actor: demoPerson(c.applicant).id,
        reason: null,
        signatureId: null,
      });
      await issueFilingDocuments(documents, portals, tx, c.applicationId, filedAt);
      if (hasReferral) {
        const issuedAt = new Date(now.getTime() - 2 * HOUR);
        const policy = portals.all.find((p) => p.regionIds.includes(c.regionId))!.policy;
        await tx.getRepository(Referral).insert({
          id: demoUuid(`referral:${c.key}`),
          number: `НП.${issuedAt.getUTCFullYear()}.000001`,
          applicationId: c.applicationId,
          groupId: demoReferralGroupId(Number(c.birthDate.slice(0, 4)), now),
          issuedAt,
          expiresAt: calendar.workingDaysDeadline(issuedAt, policy.referralValidityWorkingDays),
          status: ReferralStatus.ISSUED,
          extendedUntil: null,
          extensionReason: null,
          revocableUntil: new Date(issuedAt.getTime() + policy.revocationWindowHours * HOUR),
        });
        await tx.getRepository(HistoryEntry).insert({
          applicationId: c.applicationId,
          at: issuedAt,
          action: 'REFERRAL_ISSUED',
          fromStatus: ApplicationStatus.IN_QUEUE,
          toStatus: status,
          actor: demoPerson(c.applicant).id,
          reason: null,
          signatureId: null,
        });
      }
    }
  });
  return true;
}
