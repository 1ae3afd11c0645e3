import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { EntityRows } from '@kezek/database';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { IdentityApiClient, unverifiedActionOf } from '@kezek/identity-api';
import { Application } from '../application/application.entity';
import { Referral } from '../referral/referral.entity';
import { SIGNED_ACTION_HANDLERS, SignedActionHandler } from './signed-action.handler';
import { SignedActionRecord } from './signed-action.entity';

/**
 * Sign step 2 for every queue action: identity verifies the signature (and keeps the evidence);
 * the action is then performed once, in the transaction that records its result under the
 * request id. A second submit returns that result and changes nothing.
 */
@Injectable()
export class SignedActionService {
  private readonly handlers: Map<string, SignedActionHandler>;
  private readonly logger = new Logger(SignedActionService.name);
  private readonly records: EntityRows<SignedActionRecord>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly signing: IdentityApiClient,
    @Inject(SIGNED_ACTION_HANDLERS) handlers: SignedActionHandler[],
  ) {
    this.handlers = new Map(handlers.map((h) => [h.action, h]));
    this.records = new EntityRows(db, SignedActionRecord, 's');
  }

  async submit(
    principal: Principal,
    portal: Portal,
    requestId: string,
    signedXml: string,
  ): Promise<Application | Referral> {
    const done = await this.records.findOneBy(this.db, 'requestId', requestId);
    if (done) return this.resultOf(done, principal);
    const named = unverifiedActionOf(signedXml);
    const prechecked =
      named && (await this.handlers.get(named.action)?.precheck?.(named.parameters, principal, portal));
    const verified = await this.signing.submit({ requestId, signedXml, signerIin: principal.iin });
    const handler = this.handlers.get(verified.action);
    if (!handler) throw new DomainError('NOT_FOUND', `no queue action ${verified.action}`);
    const same = named?.action === verified.action && sameParameters(named.parameters, verified.parameters);
    const reserved = await handler.reserve?.(verified, principal, portal, same ? prechecked : undefined);
    let afterCommit: (() => Promise<void>) | undefined;
    const record = await this.db.transaction(async (tx) => {
      // One submit of a request at a time: a concurrent one waits here, then finds the result.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [requestId]);
      const performed = await this.records.findOneBy(tx, 'requestId', requestId);
      if (performed) return performed;
      const outcome = await handler.perform(tx, verified, principal, portal, reserved);
      afterCommit = outcome.afterCommit;
      const result: SignedActionRecord = {
        requestId,
        action: verified.action,
        actorId: principal.userId,
        signatureId: verified.signatureId,
        applicationId: outcome.applicationId ?? null,
        referralId: outcome.referralId ?? null,
        performedAt: this.clock.now(),
      };
      await this.records.insert(tx, result);
      return result;
    });
    await afterCommit?.().catch((e: unknown) =>
      this.logger.warn(`after ${verified.action}: ${e instanceof Error ? e.message : String(e)}; the worker retries`),
    );
    return this.resultOf(record, principal);
  }

  private async resultOf(record: SignedActionRecord, principal: Principal): Promise<Application | Referral> {
    if (record.actorId !== principal.userId) throw new DomainError('NOT_FOUND', 'no such signing request');
    return record.referralId
      ? this.db.getRepository(Referral).findOneByOrFail({ id: record.referralId })
      : this.db.getRepository(Application).findOneByOrFail({ id: record.applicationId! });
  }
}

/** Whether the document's unverified parameters are the verified ones (identity may return them in another order). */
function sameParameters(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
