import { EntityManager, In } from 'typeorm';
import { almatyDate } from '@kezek/clock';
import { pgError, UNIQUE_VIOLATION } from '@kezek/database';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ACTIVE_STATUSES, ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { formatApplicationNumber } from './application-number';
import { assertFileable, groupYearOf } from './filing.rules';
import { FilingInput } from './filing.schema';

/** R4: one active application per child and queue area; prepare asks too, so a parent learns it before signing. */
export async function assertNotInQueue(db: EntityManager, input: Pick<FilingInput, 'childIin' | 'queueAreaId'>) {
  const active = await db.getRepository(Application).existsBy({
    childIin: input.childIin,
    queueAreaId: input.queueAreaId,
    status: In(ACTIVE_STATUSES),
  });
  if (active) throw new DomainError('ALREADY_IN_QUEUE', 'an active application exists for the child and area');
}

export interface Filing {
  /** Demo data keeps its ids stable, as other services' demo rows refer to them; otherwise generated. */
  id?: string;
  portal: Portal;
  /** The region of the queue area, which the portal serves. */
  regionId: string;
  input: FilingInput;
  applicant: { userId: string; fullName: string };
  /** identity's evidence of the signature; null only for demo data. */
  signatureId: string | null;
}

/**
 * Files one application inside `tx` at instant `at`: the checks, the number, the row and its
 * first history entry commit together or not at all. The only way an application comes to be —
 * the signed action and the demo data both call it.
 */
export async function fileApplication(tx: EntityManager, filing: Filing, at: Date): Promise<Application> {
  const { portal, input, applicant } = filing;
  const today = almatyDate(at);
  assertFileable(input, today, portal.policy);
  const applications = tx.getRepository(Application);
  await assertNotInQueue(tx, input);

  // Taken last, so the counter's row lock is held only for the inserts below.
  const year = Number(today.slice(0, 4));
  const [{ last_value: sequence }]: Array<{ last_value: number }> = await tx.query(
    `INSERT INTO queue.application_number_counter (portal_id, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (portal_id, year) DO UPDATE SET last_value = application_number_counter.last_value + 1
     RETURNING last_value`,
    [portal.id, year],
  );
  const privileged = input.privilege !== Privilege.NONE;
  const row: Partial<Application> = {
    ...(filing.id ? { id: filing.id } : {}),
    number: formatApplicationNumber(year, sequence, 1),
    numberVersion: 1,
    portalId: portal.id,
    childIin: input.childIin,
    childFullName: input.childFullName,
    childBirthDate: input.childBirthDate,
    applicantId: applicant.userId,
    applicantFullName: applicant.fullName,
    applicantIds: [applicant.userId],
    privilege: input.privilege,
    privilegeDocumentKind: privileged ? input.privilegeDocumentKind! : null,
    privilegeDocumentNumber: privileged ? input.privilegeDocumentNumber! : null,
    privilegeDocumentIssuedOn: privileged ? input.privilegeDocumentIssuedOn! : null,
    privilegeDocumentIssuer: privileged ? input.privilegeDocumentIssuer! : null,
    language: input.language ?? null,
    status: ApplicationStatus.IN_QUEUE,
    groupYear: groupYearOf(input.childBirthDate),
    regionId: filing.regionId,
    queueAreaId: input.queueAreaId,
    createdAt: at,
    inQueueSince: at,
    lastChangedAt: at,
    onStopListUntil: null,
    missedReferrals: 0,
  };
  const app = applications.create(row);
  try {
    // A concurrent filing for the same child waits on the counter row above, then meets the
    // unique index here: the same refusal as the check above, and its number is given back.
    // insert() fills the generated id into `app`, so the row need not be read back.
    await applications.insert(app);
  } catch (e) {
    const { code, constraint } = pgError(e);
    if (code === UNIQUE_VIOLATION && constraint === 'application_active_child_area_uq')
      throw new DomainError('ALREADY_IN_QUEUE', 'an active application exists for the child and area');
    throw e;
  }
  await recordChange(tx, app.id, {
    at,
    action: 'FILED',
    fromStatus: null,
    toStatus: ApplicationStatus.IN_QUEUE,
    actor: applicant.userId,
    signatureId: filing.signatureId,
  });
  return app;
}
