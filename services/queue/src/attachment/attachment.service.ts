import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { CivilRegistry } from '@kezek/civil-registry';
import { Clock } from '@kezek/clock';
import { Portal } from '@kezek/portals';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { validateInput } from '@kezek/validation';
import { Application } from '../application/application.entity';
import { recordChange } from '../application/history';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { assertAttachable, assertParent, ATTACH_APPLICATION } from './attachment.rules';
import { attachmentInput } from './attachment.schema';

/**
 * R9: a parent attaches a child's application to their own IIN, signed; then both parents see it
 * and act on it. The civil registry is asked when it is prepared and again when it is performed.
 */
@Injectable()
export class AttachmentService implements SignedActionHandler {
  readonly action = ATTACH_APPLICATION;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
    private readonly registry: CivilRegistry,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(attachmentInput, raw);
    const app = await this.db.getRepository(Application).findOneBy({ portalId: portal.id, number: input.number });
    assertAttachable(app, principal, portal, input.childIin);
    assertParent(await this.registry.isParent(principal.iin, input.childIin));
    return this.signing.prepare({
      action: this.action,
      subject: app.number,
      signerIin: principal.iin,
      parameters: input,
    });
  }

  /**
   * Checks as prepare did, asks the registry again (a record may have changed since) before the
   * row is locked, so that no lock waits on it; then re-checks on the locked row and appends the
   * signer to its applicants.
   */
  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome> {
    const { number, childIin } = attachmentInput.parse(verified.parameters);
    const where = { portalId: portal.id, number };
    assertAttachable(await tx.getRepository(Application).findOneBy(where), principal, portal, childIin);
    assertParent(await this.registry.isParent(principal.iin, childIin));
    const app = await tx.getRepository(Application).findOne({ where, lock: { mode: 'pessimistic_write' } });
    assertAttachable(app, principal, portal, childIin);
    const now = this.clock.now();
    await tx
      .getRepository(Application)
      .update(app.id, { applicantIds: [...app.applicantIds, principal.userId], lastChangedAt: now });
    await recordChange(tx, app.id, {
      at: now,
      action: 'ATTACHED',
      fromStatus: app.status,
      toStatus: app.status,
      actor: principal.userId,
      signatureId: verified.signatureId,
    });
    return { applicationId: app.id };
  }
}
