import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { Portal } from '@kezek/portals';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { validateInput } from '@kezek/validation';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { Offer } from '../offer/offer.entity';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { assertWithdrawable, WITHDRAW_APPLICATION } from './withdrawal.rules';
import { withdrawalInput } from './withdrawal.schema';

/** R20, Снять с очереди: prepared here, signed by the applicant, performed once on submit. */
@Injectable()
export class WithdrawalService implements SignedActionHandler {
  readonly action = WITHDRAW_APPLICATION;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(withdrawalInput, raw);
    const app = await this.db.getRepository(Application).findOneBy({ id: input.applicationId });
    assertWithdrawable(app, principal, portal);
    return this.signing.prepare({
      action: this.action,
      subject: app.number,
      signerIin: principal.iin,
      parameters: input,
    });
  }

  /** Re-checks the rule on the locked row: the application may have moved on since it was prepared. */
  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome> {
    const { applicationId, reason } = withdrawalInput.parse(verified.parameters);
    const app = await tx
      .getRepository(Application)
      .findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
    assertWithdrawable(app, principal, portal);
    const now = this.clock.now();
    await tx.getRepository(Application).update(app.id, { status: ApplicationStatus.WITHDRAWN, lastChangedAt: now });
    // A notified child's offer ends with it; its held seat goes to free choice with the window (R11).
    await tx
      .getRepository(Offer)
      .update({ applicationId: app.id, status: OfferStatus.OPEN }, { status: OfferStatus.WITHDRAWN, closedAt: now });
    await recordChange(tx, app.id, {
      at: now,
      action: 'WITHDRAWN',
      fromStatus: app.status,
      toStatus: ApplicationStatus.WITHDRAWN,
      actor: principal.userId,
      reason,
      signatureId: verified.signatureId,
    });
    return { applicationId: app.id };
  }
}
