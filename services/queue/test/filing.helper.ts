import { DataSource } from 'typeorm';
import { birthDateFromIin, makeIin } from '@kezek/iin';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { Application } from '../src/application/application.entity';
import { ApplicationStatus } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';

export const PARENT = '11111111-1111-4111-8111-111111111111';

export interface FilingOverrides {
  applicantId?: string;
  applicantName?: string;
  childIin?: string;
  childName?: string;
  birthDate?: string;
  groupYear?: number;
  privilege?: Privilege;
  /** A later status, set as the lifecycle would once the application is filed. */
  status?: ApplicationStatus;
  regionId?: string;
  queueAreaId?: string;
  /** The filing instant; by default one second after the previous filing's, from 2025-01-01T00:00:01Z. */
  at?: Date;
}

/**
 * Files applications through the filing code (the only way one comes to be), each at a distinct
 * instant with its own child unless told otherwise.
 */
export function filer(db: () => DataSource) {
  let seq = 0;
  return async (over: FilingOverrides = {}): Promise<Application> => {
    const n = ++seq;
    const regionId = over.regionId ?? 'astana';
    const privilege = over.privilege ?? Privilege.NONE;
    const birthDate = over.childIin
      ? birthDateFromIin(over.childIin)!
      : (over.birthDate ?? `${over.groupYear ?? 2023}-01-01`);
    const app = await db().transaction((tx) =>
      fileApplication(
        tx,
        {
          portal: DEFAULT_PORTALS.find((p) => p.regionIds.includes(regionId))!,
          regionId,
          input: filingInput.parse({
            childIin: over.childIin ?? makeIin(birthDate, 'M', n * 10),
            childFullName: over.childName ?? `CHILD ${n}`,
            childBirthDate: birthDate,
            queueAreaId: over.queueAreaId ?? regionId,
            privilege,
            ...(privilege === Privilege.NONE
              ? {}
              : {
                  privilegeDocumentKind: 'certificate',
                  privilegeDocumentNumber: `N-${n}`,
                  privilegeDocumentIssuedOn: '2024-12-01',
                  privilegeDocumentIssuer: 'issuer',
                }),
          }),
          applicant: { userId: over.applicantId ?? PARENT, fullName: over.applicantName ?? 'PARENT' },
          signatureId: null,
        },
        over.at ?? new Date(Date.UTC(2025, 0, 1, 0, 0, n)),
      ),
    );
    if (over.status) {
      await db().getRepository(Application).update(app.id, { status: over.status });
      app.status = over.status;
    }
    return app;
  };
}
