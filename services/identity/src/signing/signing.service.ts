import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { EntityRows } from '@kezek/database';
import { DomainError } from '@kezek/errors';
import { PrepareSigningRequest, SigningRequestView, SubmitSigned, VerifiedAction } from '@kezek/identity-api';
import { SignatureVerifier } from '../eds/signature-verifier';
import { revocationEvidenceJson } from './evidence';
import { SignatureRecord } from './signature.entity';
import { SigningRequestRecord } from './signing-request.entity';
import { issueSigningDocument } from './signing-xml';

/** How long a prepared action may be signed and submitted. */
export const SIGNING_REQUEST_TTL_MS = 10 * 60_000;

const answer = (request: SigningRequestRecord, signature: SignatureRecord): VerifiedAction => ({
  requestId: request.id,
  action: request.action,
  parameters: request.parameters,
  subject: request.subject,
  signerIin: request.signerIin,
  signatureId: signature.id,
  verifiedAt: signature.verifiedAt,
  certificate: { serialNumber: signature.certificateSerial, sha256: signature.certificateSha256 },
});

/** Signed actions of every service: identity keeps the prepared XML, verifies once and keeps the evidence. */
@Injectable()
export class SigningService {
  private readonly requests: EntityRows<SigningRequestRecord>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly verifier: SignatureVerifier,
  ) {
    this.requests = new EntityRows(db, SigningRequestRecord, 'r');
  }

  async prepare(service: string, input: PrepareSigningRequest): Promise<SigningRequestView> {
    // One prepared INSERT: `save` would wrap it in a transaction of its own (three round trips), and
    // TypeORM's insert builds its SQL again on every call.
    const request = {
      id: randomUUID(),
      service,
      ...input,
      ...issueSigningDocument(input, this.clock.now(), SIGNING_REQUEST_TTL_MS),
      status: 'PENDING' as const,
    };
    await this.requests.insert(this.db, request);
    return { id: request.id, action: request.action, xml: request.xml, expiresAt: request.expiresAt };
  }

  /**
   * Verifies the signed XML of a request once: SIGN key of an individual, the expected signer,
   * exactly the prepared document. The evidence is stored with the request marked verified; a
   * repeated submit returns that first result and stores nothing (whatever XML it carries).
   */
  async submit(service: string, input: SubmitSigned): Promise<VerifiedAction> {
    const request = await this.requests.findOneBy(this.db, 'id', input.requestId);
    // Someone else's request, or another service's, is reported as absent.
    if (!request || request.service !== service || request.signerIin !== input.signerIin)
      throw new DomainError('NOT_FOUND', 'no such signing request');
    if (request.status === 'VERIFIED') return this.verifiedAnswer(request);
    if (this.clock.now() >= request.expiresAt)
      throw new DomainError('SIGNING_REQUEST_EXPIRED', 'signing request expired');

    const verified = await this.verifier.verify(input.signedXml, {
      purpose: 'SIGN',
      subject: 'individual',
      expectedContent: request.xml,
      expectedIin: request.signerIin,
    });
    return this.db.transaction(async (tx) => {
      const locked = await tx
        .getRepository(SigningRequestRecord)
        .findOneOrFail({ where: { id: request.id }, lock: { mode: 'pessimistic_write' } });
      if (locked.status === 'VERIFIED') return this.verifiedAnswer(locked, tx.getRepository(SignatureRecord));
      const signature = await tx.getRepository(SignatureRecord).save({
        requestId: request.id,
        action: request.action,
        signerIin: verified.signer.iin,
        signedXml: input.signedXml,
        certificatePem: verified.certificate.pem,
        certificateSerial: verified.certificate.serialNumber,
        certificateSha256: verified.certificate.sha256,
        verifiedAt: verified.verifiedAt,
        revocation: revocationEvidenceJson(verified.revocation),
      });
      await tx.getRepository(SigningRequestRecord).update(request.id, { status: 'VERIFIED' });
      return answer(request, signature);
    });
  }

  private async verifiedAnswer(
    request: SigningRequestRecord,
    signatures = this.db.getRepository(SignatureRecord),
  ): Promise<VerifiedAction> {
    return answer(request, await signatures.findOneByOrFail({ requestId: request.id }));
  }
}
