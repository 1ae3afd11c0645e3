import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { almatyDate, Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { IdentityApiClient, SigningRequestView, VerifiedAction } from '@kezek/identity-api';
import { validateInput } from '@kezek/validation';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { DocumentService } from '../document/document.service';
import { SignedActionHandler, SignedActionOutcome } from '../signed-action/signed-action.handler';
import { assertNotInQueue, fileApplication } from './application-filer';
import { assertFileable, FILE_APPLICATION } from './filing.rules';
import { FilingInput, filingInput } from './filing.schema';

/**
 * Putting a child in the queue (prepareApplication → submitSigned): every check runs when the
 * request is prepared, so a parent learns of a problem before signing, and again on the signed
 * content when it is performed.
 */
@Injectable()
export class FilingService implements SignedActionHandler {
  readonly action = FILE_APPLICATION;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly identity: IdentityApiClient,
    private readonly vacancies: VacanciesApiClient,
    private readonly documents: DocumentService,
  ) {}

  async prepare(principal: Principal, portal: Portal, raw: unknown): Promise<SigningRequestView> {
    const input = validateInput(filingInput, raw);
    await this.applicant(principal);
    await this.regionOf(input.queueAreaId, portal);
    assertFileable(input, almatyDate(this.clock.now()), portal.policy);
    await assertNotInQueue(this.db.manager, input);
    return this.identity.prepare({
      action: this.action,
      subject: 'УО',
      signerIin: principal.iin,
      parameters: signedParameters(input),
    });
  }

  async perform(
    tx: EntityManager,
    verified: VerifiedAction,
    principal: Principal,
    portal: Portal,
  ): Promise<SignedActionOutcome> {
    const input = filingInput.parse(verified.parameters);
    const applicant = await this.applicant(principal);
    const regionId = await this.regionOf(input.queueAreaId, portal);
    const app = await fileApplication(
      tx,
      { portal, regionId, input, applicant, signatureId: verified.signatureId },
      this.clock.now(),
    );
    // R22: the filing's documents are issued with it, in its transaction.
    await this.documents.issueFilingDocuments(tx, app.id, app.createdAt);
    return { applicationId: app.id };
  }

  /** R9: only a person who has given an e-mail files; the name is the certificate's. */
  private async applicant(principal: Principal) {
    const person = await this.identity.person(principal.userId);
    if (!person.hasEmail) throw new DomainError('EMAIL_REQUIRED', 'the applicant has no e-mail');
    return { userId: principal.userId, fullName: person.fullName };
  }

  /** R4: the queue area is a region the portal serves or one of its districts; returns the region. */
  private async regionOf(queueAreaId: string, portal: Portal): Promise<string> {
    const area = await this.vacancies.area(queueAreaId).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    if (!area || !portal.regionIds.includes(area.regionId))
      throw new DomainError('QUEUE_AREA_NOT_SERVED', 'queue area outside the portal');
    return area.regionId;
  }
}

/** The XML's parameters: the validated input as strings, absent fields left out. */
function signedParameters(input: FilingInput): Record<string, string> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}
