import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { validateInput } from '@kezek/validation';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { Offer } from '../offer/offer.entity';
import { OfferService } from '../offer/offer.service';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { ReferralStatus } from './models/referral-status.enum';
import { KindergartenBlock } from './kindergarten-block.entity';
import { ReferralExpiryService } from './referral-expiry.service';
import { referralWithApplication } from './referral-lookup';
import { Referral } from './referral.entity';
import { assertRevocable, kindergartenBlockUntil, REVOKE_REFERRAL, revocationInput } from './referral-revocation.rules';
import { assertReferralHolder } from './referral.rules';

/**
 * R15, Отозвать направление: within the revocation window the applicant gives the referral back,
 * with a reason and a signature. The child is IN_QUEUE again at its filing-instant place (positions
 * are derived from the filing order, so nothing is restored); the seat is released at vacancies
 * after the commit (the ReferralRevoked event guarantees it). If the referral came from an offer
 * whose window is still open, that offer's kindergartens are blocked for the child until the window
 * ends; meanwhile it may choose among the other free seats (R11), as any child waiting in the queue.
 */
@Injectable()
export class ReferralRevocationService implements SignedActionHandler {
  readonly action = REVOKE_REFERRAL;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
    private readonly vacancies: VacanciesApiClient,
    private readonly offers: OfferService,
    private readonly expiry: ReferralExpiryService,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(revocationInput, raw);
    const { referral, app } = await referralWithApplication(this.db.manager, input.referralId);
    assertReferralHolder(app, principal, portal, 'revoke');
    assertRevocable(referral!, app, this.clock.now(), portal.policy);
    return this.signing.prepare({
      action: this.action,
      subject: referral!.number,
      signerIin: principal.iin,
      parameters: input,
    });
  }

  /** Locks the referral, then its application (the order expiry takes), and re-checks on them. */
  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome> {
    const { referralId, reason } = revocationInput.parse(verified.parameters);
    const { referral, app } = await referralWithApplication(tx, referralId, true);
    assertReferralHolder(app, principal, portal, 'revoke');
    const now = this.clock.now();
    assertRevocable(referral!, app, now, portal.policy);
    await tx
      .getRepository(Referral)
      .update(referralId, { status: ReferralStatus.REVOKED, closedAt: now, closeReason: reason });
    await tx.getRepository(Application).update(app.id, { status: ApplicationStatus.IN_QUEUE, lastChangedAt: now });
    if (referral!.offerId) await this.blockOfferKindergartens(tx, referral!, referral!.offerId, now);
    await recordChange(tx, app.id, {
      at: now,
      action: 'REFERRAL_REVOKED',
      fromStatus: app.status,
      toStatus: ApplicationStatus.IN_QUEUE,
      actor: principal.userId,
      reason,
      signatureId: verified.signatureId,
    });
    await recordEvent(tx, QUEUE_SCHEMA, {
      type: QueueEvent.ReferralRevoked,
      aggregateId: app.id,
      payload: {
        referralId,
        applicationId: app.id,
        areaId: app.queueAreaId,
        groupYear: app.groupYear,
        privilege: app.privilege,
      },
      occurredAt: now,
    });
    return { referralId, afterCommit: () => this.expiry.releaseSeat(referralId) };
  }

  /**
   * The kindergartens the offer showed the child — the revoked referral's, the publication's and
   * those of every group whose seats vacancies holds for the round — closed to it until that
   * offer's window ends (its own: it may have started at delivery). Nothing when it has ended.
   */
  private async blockOfferKindergartens(tx: EntityManager, referral: Referral, offerId: string, now: Date) {
    const offer = await tx.getRepository(Offer).findOneByOrFail({ id: offerId });
    const round = await this.offers.round(offer.roundId, tx);
    const until = round ? kindergartenBlockUntil(offer.expiresAt, now) : null;
    if (!round || !until) return;
    const groupIds = new Set([referral.groupId, ...round.groupIds, ...(await this.offers.heldGroups(offer))]);
    const groups = await this.vacancies.groups([...groupIds]);
    const kindergartenIds = new Set(groups.map((g) => g.kindergarten.id));
    if (referral.kindergartenId) kindergartenIds.add(referral.kindergartenId);
    await tx
      .createQueryBuilder()
      .insert()
      .into(KindergartenBlock)
      .values(
        [...kindergartenIds].map((kindergartenId) => ({
          applicationId: referral.applicationId,
          referralId: referral.id,
          kindergartenId,
          until,
        })),
      )
      .orIgnore()
      .execute();
  }
}
