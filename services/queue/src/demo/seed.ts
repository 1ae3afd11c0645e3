import { DataSource } from 'typeorm';
import { DEMO_CHILDREN, demoPerson, demoPrivilegeDocument, demoReferralGroupId, demoUuid } from '@kezek/demo';
import { Portals } from '@kezek/portals';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { CalendarRepository } from '../calendar/calendar.repository';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { fileApplication } from '../filing/application-filer';
import { filingInput } from '../filing/filing.schema';
import { issueFilingDocuments } from '../document/document-issue';
import { DocumentRepository } from '../document/document.repository';
import { ReferralStatus } from '../referral/models/referral-status.enum';
import { Referral } from '../referral/referral.entity';

const HOUR = 3600_000;

/**
 * Demo applications on first run, filed by the filing code at their demo instants (no signature:
 * the demo parents never signed), each with its filing documents (R22); the first child holds a
 * referral to a demo group.
 */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(Application).count()) > 0) return false;
  const portals = Portals.fromEnv(process.env.PORTALS, process.env.PORTAL_POLICIES);
  // The calendar the operators keep (R2), as the API counts deadlines on it.
  const { calendar } = await new CalendarRepository(db).load();
  const documents = new DocumentRepository(db);
  await db.transaction(async (tx) => {
    for (const [i, c] of DEMO_CHILDREN.entries()) {
      const parent = demoPerson(c.applicant);
      const portal = portals.all.find((p) => p.regionIds.includes(c.regionId))!;
      const app = await fileApplication(
        tx,
        {
          id: c.applicationId,
          portal,
          regionId: c.regionId,
          input: filingInput.parse({
            childIin: c.iin,
            childFullName: c.fullName,
            childBirthDate: c.birthDate,
            queueAreaId: c.regionId,
            privilege: c.privilege,
            language: c.language,
            ...demoPrivilegeDocument(c),
          }),
          applicant: { userId: parent.id, fullName: `${parent.surname} ${parent.givenName} ${parent.patronymic}` },
          signatureId: null,
        },
        new Date(c.filedAt),
      );
      await issueFilingDocuments(documents, portals, tx, app.id, app.createdAt);
      if (i > 0) continue;
      // The referral comes from the referrals code once it exists; until then it is written here.
      const issuedAt = new Date(now.getTime() - 2 * HOUR);
      await tx
        .getRepository(Application)
        .update(app.id, { status: ApplicationStatus.REFERRAL_ISSUED, lastChangedAt: issuedAt });
      const expiresAt = calendar.workingDaysDeadline(issuedAt, portal.policy.referralValidityWorkingDays);
      await tx.getRepository(Referral).insert({
        id: demoUuid(`referral:${c.key}`),
        number: `НП.${issuedAt.getUTCFullYear()}.000001`,
        applicationId: app.id,
        groupId: demoReferralGroupId(app.groupYear, now),
        issuedAt,
        expiresAt,
        originalExpiresAt: expiresAt,
        requestedAt: issuedAt,
        privilege: app.privilege,
        // No seat is claimed at vacancies for it: nothing for the worker to commit.
        claimCommittedAt: issuedAt,
        status: ReferralStatus.ISSUED,
        extendedUntil: null,
        extensionReason: null,
        revocableUntil: new Date(issuedAt.getTime() + portal.policy.revocationWindowHours * HOUR),
      });
      await recordChange(tx, app.id, {
        at: issuedAt,
        action: 'REFERRAL_ISSUED',
        fromStatus: ApplicationStatus.IN_QUEUE,
        toStatus: ApplicationStatus.REFERRAL_ISSUED,
        actor: parent.id,
      });
    }
  });
  return true;
}
