import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Principal } from '@kezek/auth';
import { isCalendarDate } from '@kezek/calendar';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { plainText, validateInput } from '@kezek/validation';
import { ClaimsApi, VacanciesApiClient } from '@kezek/vacancies-api';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { CalendarService } from '../calendar/calendar.service';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import {
  assertKindergartenStaffOf,
  assertPrivilegeDocumentsDate,
  assertReferralValid,
  needsPrivilegeDocuments,
  nextNumberVersion,
  PRIVILEGE_REFUSED,
} from './enrolment.rules';
import { ReferralStatus } from './models/referral-status.enum';
import { referralWithApplication } from './referral-lookup';
import { Referral } from './referral.entity';

const enrolmentInput = z.object({
  referralId: z.string().uuid(),
  privilegeDocumentsIssuedOn: z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD').nullish(),
});
const refusalInput = z.object({ referralId: z.string().uuid(), reason: plainText(500) });

/**
 * The kindergarten's side of a referral: its staff enrol the child (R19), confirming the
 * privilege documents of a privileged referral (R18), or refuse those documents. Both run in
 * one transaction holding the referral's row lock (the expiry job takes the same lock first, so
 * an expiry and an enrolment never both happen); a refusal changes nothing, a retry of a done
 * action returns the referral unchanged.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly vacancies: VacanciesApiClient,
  ) {}

  async enrol(principal: Principal, portal: Portal, raw: unknown): Promise<Referral> {
    const input = validateInput(enrolmentInput, raw);
    return this.db.transaction(async (tx) => {
      const { referral, app } = await this.lockForStaff(tx, input.referralId, principal, portal);
      if (referral.status === ReferralStatus.ENROLLED) return referral;
      const now = this.clock.now();
      assertReferralValid(referral, now, portal.policy);
      assertPrivilegeDocumentsDate(input.privilegeDocumentsIssuedOn, referral, now, portal.policy);
      // The seat first, under the lock: vacancies' commit and enrol are idempotent by referral, so
      // if this transaction fails after them a retry completes it. A pending claim (its
      // ReferralIssued not yet handled) is committed here, as the worker would.
      const referralId = referral.id;
      if (!referral.claimCommittedAt) await this.vacancies.call(ClaimsApi.commit, { referralId });
      await this.vacancies.call(ClaimsApi.enrol, { referralId });
      await tx.getRepository(Referral).update(referralId, {
        status: ReferralStatus.ENROLLED,
        closedAt: now,
        claimCommittedAt: referral.claimCommittedAt ?? now,
      });
      // R19: enrolment closes the application.
      await tx.getRepository(Application).update(app.id, { status: ApplicationStatus.ENROLLED, lastChangedAt: now });
      const documents = needsPrivilegeDocuments(referral)
        ? `; privilege documents dated ${input.privilegeDocumentsIssuedOn} confirmed`
        : '';
      await recordChange(tx, app.id, {
        at: now,
        action: 'CHILD_ENROLLED',
        fromStatus: app.status,
        toStatus: ApplicationStatus.ENROLLED,
        actor: principal.userId,
        reason: `${referral.number}${documents}`,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.ChildEnrolled,
        aggregateId: app.id,
        payload: {
          referralId,
          applicationId: app.id,
          groupId: referral.groupId,
          areaId: app.queueAreaId,
          groupYear: app.groupYear,
          privilege: referral.privilege,
        },
        occurredAt: now,
      });
      return tx.getRepository(Referral).findOneByOrFail({ id: referralId });
    });
  }

  /**
   * R18: the staff refuse the privilege documents, and the referral is cancelled "as in R16":
   * it closes EXPIRED (close reason PRIVILEGE_REFUSED), its seat is freed after commit, and the
   * child goes on the stop-list for the policy's working days from now. It is not a referral
   * that expired unused, so R17's count of misses is unchanged. The child returns to the general
   * queue: privilege NONE, its privilege document cleared, re-registered under the next version
   * of its number; its place is still its filing instant's (R5).
   */
  async refusePrivilegeDocuments(principal: Principal, portal: Portal, raw: unknown): Promise<Referral> {
    const input = validateInput(refusalInput, raw);
    return this.db.transaction(async (tx) => {
      const { referral, app } = await this.lockForStaff(tx, input.referralId, principal, portal);
      if (referral.status === ReferralStatus.EXPIRED && referral.closeReason === PRIVILEGE_REFUSED) return referral;
      const now = this.clock.now();
      const policy = portal.policy;
      assertReferralValid(referral, now, policy);
      if (!needsPrivilegeDocuments(referral))
        throw new DomainError('INVALID_STATE', 'the referral was issued without a privilege: no documents to refuse', {
          privilege: referral.privilege,
        });
      const next = nextNumberVersion(app.number);
      const stopListUntil = await this.calendar.workingDaysDeadline(now, policy.stopListWorkingDays);
      await tx.getRepository(Referral).update(referral.id, {
        status: ReferralStatus.EXPIRED,
        closedAt: now,
        closeReason: PRIVILEGE_REFUSED,
      });
      await tx.getRepository(Application).update(app.id, {
        status: ApplicationStatus.IN_QUEUE,
        privilege: Privilege.NONE,
        privilegeDocumentKind: null,
        privilegeDocumentNumber: null,
        privilegeDocumentIssuedOn: null,
        privilegeDocumentIssuer: null,
        number: next.number,
        numberVersion: next.version,
        onStopListUntil: stopListUntil,
        lastChangedAt: now,
      });
      await recordChange(tx, app.id, {
        at: now,
        action: 'PRIVILEGE_REFUSED',
        fromStatus: app.status,
        toStatus: ApplicationStatus.IN_QUEUE,
        actor: principal.userId,
        reason: `${input.reason} (${referral.number}; re-registered ${app.number} → ${next.number}; on the stop-list until ${stopListUntil.toISOString()})`,
      });
      await recordEvent(tx, QUEUE_SCHEMA, {
        type: QueueEvent.PrivilegeRefused,
        aggregateId: app.id,
        payload: {
          referralId: referral.id,
          applicationId: app.id,
          areaId: app.queueAreaId,
          groupYear: app.groupYear,
          privilege: Privilege.NONE,
          formerPrivilege: app.privilege,
          number: next.number,
          formerNumber: app.number,
          stopListUntil: stopListUntil.toISOString(),
        },
        occurredAt: now,
      });
      return tx.getRepository(Referral).findOneByOrFail({ id: referral.id });
    });
  }

  /**
   * The referral and its application, locked in the expiry job's order (referral, then
   * application). A referral outside the portal's regions is NOT_FOUND; one of another
   * kindergarten FORBIDDEN.
   */
  private async lockForStaff(
    tx: EntityManager,
    referralId: string,
    principal: Principal,
    portal: Portal,
  ): Promise<{ referral: Referral; app: Application }> {
    const { referral, app } = await referralWithApplication(tx, referralId, true);
    if (!referral || !app || !portal.regionIds.includes(app.regionId))
      throw new DomainError('NOT_FOUND', 'no such referral');
    assertKindergartenStaffOf(principal, referral);
    return { referral, app };
  }
}
