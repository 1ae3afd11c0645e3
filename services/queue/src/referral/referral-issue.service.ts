import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { validateInput } from '@kezek/validation';
import { ClaimsApi, GroupFacts, VacanciesApiClient } from '@kezek/vacancies-api';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { canSeeApplication, isApplicant } from '../application/visibility.rules';
import { CalendarService } from '../calendar/calendar.service';
import { DocumentService } from '../document/document.service';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { Offer } from '../offer/offer.entity';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { ReferralStatus } from './models/referral-status.enum';
import { Chooser, loadChooser } from './chooser';
import { ReferralExpiryService } from './referral-expiry.service';
import { Referral } from './referral.entity';
import {
  assertGroupFor,
  assertSeatFor,
  Choice,
  choiceOf,
  ISSUE_REFERRAL,
  referralIdFor,
  referralNumber,
} from './referral.rules';

const referralInput = z.object({ applicationId: z.string().uuid(), groupId: z.string().uuid() });
type ReferralInput = z.infer<typeof referralInput>;

/** What the rules of a choice found: how it is made, the child's offer and the group. */
interface Checked {
  choice: Choice;
  offer: Offer | null;
  group: GroupFacts;
}

/** What a choice found and took before its transaction: the group's facts and its claimed seat. */
interface ClaimedGroup {
  group: GroupFacts;
}

/**
 * R12: choosing a kindergarten (prepareReferral → submitSigned) claims one seat of the group at
 * vacancies and issues the referral, valid for the policy's working days (R13). The claim is made
 * before the transaction (a refused choice, most of a release-day race, never opens one) and is
 * pending until the worker commits it after the transaction (ReferralIssued); a retried submit
 * claims with the same referral id, so it gets the same seat, never a second one. A claim whose
 * referral is not issued after all (the application changed meanwhile) lapses at vacancies.
 */
@Injectable()
export class ReferralIssueService implements SignedActionHandler<ClaimedGroup, Checked> {
  readonly action = ISSUE_REFERRAL;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
    private readonly vacancies: VacanciesApiClient,
    private readonly calendar: CalendarService,
    private readonly expiry: ReferralExpiryService,
    private readonly documents: DocumentService,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(referralInput, raw);
    const chooser = await this.chooser(this.db.manager, input.applicationId);
    const { choice, group } = await this.check(chooser, input, principal, portal);
    assertSeatFor(choice, group);
    return this.signing.prepare({
      action: this.action,
      subject: chooser.app!.number,
      signerIin: principal.iin,
      parameters: input,
    });
  }

  /**
   * A free choice whose group has no free seat left is refused before its signature is verified
   * (most of a release-day crowd). Any other refusal is left to the verified path, so that a
   * document's own faults keep their codes; what it found spares `reserve` asking again.
   */
  async precheck(
    parameters: Record<string, string>,
    principal: Principal,
    portal: Portal,
  ): Promise<Checked | undefined> {
    const input = referralInput.safeParse(parameters);
    if (!input.success) return undefined;
    const chooser = await this.chooser(this.db.manager, input.data.applicationId);
    const found = await this.check(chooser, input.data, principal, portal).catch(() => undefined);
    if (found) assertSeatFor(found.choice, found.group);
    return found;
  }

  async reserve(
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
    prechecked?: Checked,
  ): Promise<ClaimedGroup> {
    const input = referralInput.parse(verified.parameters);
    const found =
      prechecked ??
      (await this.check(await this.chooser(this.db.manager, input.applicationId), input, principal, portal));
    const { offer, group } = found;
    await this.vacancies.call(ClaimsApi.claim, {
      referralId: referralIdFor(verified.requestId),
      groupId: group.id,
      ...(offer ? { offerRoundId: offer.roundId } : {}),
    });
    return { group };
  }

  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
    reserved: ClaimedGroup,
  ): Promise<SignedActionOutcome> {
    const input = referralInput.parse(verified.parameters);
    const chooser = await this.chooser(tx, input.applicationId, true);
    const app = chooser.app;
    // Again on the locked row, with the group as reserve found it; its seat is claimed.
    const { choice, offer, group } = await this.check(chooser, input, principal, portal, reserved.group);
    const now = this.clock.now();
    const referralId = referralIdFor(verified.requestId);
    const policy = portal.policy;
    const expiresAt = await this.calendar.workingDaysDeadline(now, policy.referralValidityWorkingDays, tx);
    const ordinal = (await tx.getRepository(Referral).countBy({ applicationId: app!.id })) + 1;
    const referral = {
      id: referralId,
      number: referralNumber(app!.number, ordinal),
      applicationId: app!.id,
      groupId: group.id,
      kindergartenId: group.kindergarten.id,
      offerId: offer?.id ?? null,
      issuedAt: now,
      requestedAt: now,
      expiresAt,
      originalExpiresAt: expiresAt,
      revocableUntil: new Date(now.getTime() + policy.revocationWindowHours * 3_600_000),
      status: ReferralStatus.ISSUED,
      privilege: app!.privilege,
      extensions: 0,
    };
    await tx.getRepository(Referral).insert(referral);
    // R22: the referral's PDF, with the kindergarten as it is named today.
    await this.documents.issueReferralDocument(tx, { application: app!, referral, group }, now);
    if (offer) await tx.getRepository(Offer).update(offer.id, { status: OfferStatus.ACCEPTED, closedAt: now });
    await recordEvent(tx, QUEUE_SCHEMA, {
      type: QueueEvent.ReferralIssued,
      aggregateId: app!.id,
      payload: {
        referralId,
        applicationId: app!.id,
        offerId: offer?.id ?? null,
        groupId: group.id,
        areaId: app!.queueAreaId,
        groupYear: app!.groupYear,
        privilege: app!.privilege,
        expiresAt: expiresAt.toISOString(),
      },
      occurredAt: now,
    });
    // Last, so that the choices of a release day wait for each other as briefly as possible: the
    // update's trigger locks the journal's counter row of this area and year, and the history's
    // allocation log entry the portal's chain head (after the update: it records the new status),
    // both until the commit.
    await tx
      .getRepository(Application)
      .update(app!.id, { status: ApplicationStatus.REFERRAL_ISSUED, lastChangedAt: now });
    await recordChange(tx, app!.id, {
      at: now,
      action: choice === Choice.OFFER ? 'REFERRAL_ISSUED' : 'REFERRAL_ISSUED_FREE_CHOICE',
      fromStatus: app!.status,
      toStatus: ApplicationStatus.REFERRAL_ISSUED,
      actor: principal.userId,
      reason: `${referral.number}: ${group.kindergarten.nameRu}`,
      signatureId: verified.signatureId,
    });
    return { referralId, afterCommit: () => this.expiry.commitClaim(referralId) };
  }

  private chooser(manager: EntityManager, applicationId: string, lock = false): Promise<Chooser> {
    return loadChooser(manager, applicationId, this.clock.now(), lock);
  }

  /** Every rule of the choice, at prepare and again on the locked row at perform. */
  private async check(
    { app, offer, blocked }: Chooser,
    input: ReferralInput,
    principal: Principal,
    portal: Portal,
    known?: GroupFacts,
  ): Promise<Checked> {
    if (!app || !canSeeApplication(principal, portal, app)) throw new DomainError('NOT_FOUND', 'no such application');
    if (!isApplicant(principal, app)) throw new DomainError('FORBIDDEN', 'only an applicant may choose a kindergarten');
    const choice = choiceOf(app, offer, this.clock.now(), portal.policy);
    const group = known ?? (await this.vacancies.groups([input.groupId]))[0];
    assertGroupFor(group, { groupYear: app.groupYear, areaIds: [app.queueAreaId] }, blocked);
    return { choice, offer, group };
  }
}
