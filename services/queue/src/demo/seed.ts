import { DataSource } from 'typeorm';
import { DEMO_CHILDREN, demoPerson, demoPrivilegeDocument } from '@kezek/demo';
import { Portals } from '@kezek/portals';
import { Application } from '../application/application.entity';
import { fileApplication } from '../filing/application-filer';
import { filingInput } from '../filing/filing.schema';
import { issueFilingDocuments } from '../document/document-issue';
import { DocumentRepository } from '../document/document.repository';

/**
 * Demo applications on first run, filed by the filing code at their demo instants (no signature:
 * the demo parents never signed), each with its filing documents (R22). The first child's referral
 * is no seed: `npm start` has its applicant choose through the gateway (infra/dev/demo-journey.ts).
 */
export async function seedDemo(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(Application).count()) > 0) return false;
  const portals = Portals.fromEnv(process.env.PORTALS, process.env.PORTAL_POLICIES);
  const documents = new DocumentRepository(db);
  await db.transaction(async (tx) => {
    for (const c of DEMO_CHILDREN) {
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
    }
  });
  return true;
}
