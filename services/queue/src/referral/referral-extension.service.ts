import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { validateInput } from '@kezek/validation';
import { recordChange } from '../application/history';
import { DocumentService } from '../document/document.service';
import { QUEUE_SCHEMA, QueueEvent } from '../lifecycle/queue-events';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { referralWithApplication } from './referral-lookup';
import { Referral } from './referral.entity';
import { EXTEND_REFERRAL, extendedExpiry, extensionInput } from './referral-extension.rules';
import { assertReferralHolder } from './referral.rules';

/**
 * R14, Продлить направление: the applicant moves the referral's expiry to a later date, giving a
 * reason, with a signature. The referral's PDF is re-issued with the new date in the same
 * transaction; the ReferralExtended event has the worker schedule the new expiry (the old
 * deadline's job finds the referral still valid and does nothing).
 */
@Injectable()
export class ReferralExtensionService implements SignedActionHandler {
  readonly action = EXTEND_REFERRAL;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
    private readonly documents: DocumentService,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(extensionInput, raw);
    const { referral, app } = await referralWithApplication(this.db.manager, input.referralId);
    assertReferralHolder(app, principal, portal, 'extend');
    extendedExpiry(referral!, input.until, this.clock.now(), portal.policy);
    return this.signing.prepare({
      action: this.action,
      subject: referral!.number,
      signerIin: principal.iin,
      parameters: input,
    });
  }

  /** Re-checks every rule on the locked referral: it may have expired or been extended since. */
  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome> {
    const { referralId, until, reason } = extensionInput.parse(verified.parameters);
    const { referral, app } = await referralWithApplication(tx, referralId, true);
    assertReferralHolder(app, principal, portal, 'extend');
    const now = this.clock.now();
    const expiresAt = extendedExpiry(referral!, until, now, portal.policy);
    await tx.getRepository(Referral).update(referralId, {
      expiresAt,
      extendedUntil: until,
      extensionReason: reason,
      extensions: referral!.extensions + 1,
    });
    // R22: the PDF states the new expiry; the previous version verifies as superseded.
    await this.documents.reissueReferralDocument(tx, { id: referralId, expiresAt }, now);
    await recordChange(tx, app.id, {
      at: now,
      action: 'REFERRAL_EXTENDED',
      fromStatus: app.status,
      toStatus: app.status,
      actor: principal.userId,
      reason,
      signatureId: verified.signatureId,
    });
    await recordEvent(tx, QUEUE_SCHEMA, {
      type: QueueEvent.ReferralExtended,
      aggregateId: app.id,
      payload: { referralId, applicationId: app.id, expiresAt: expiresAt.toISOString() },
      occurredAt: now,
    });
    return { referralId };
  }
}
