import { Injectable } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { VerifiedSignature, verifySignedXml, VerifyOptions } from '@kezek/eds';
import { EdsTrust } from './eds-trust';

export type VerifyRequest = Pick<VerifyOptions, 'purpose' | 'subject' | 'expectedContent' | 'expectedIin'>;

/** The only way identity verifies a signature: the configured trust, the injected clock. */
@Injectable()
export class SignatureVerifier {
  constructor(
    private readonly eds: EdsTrust,
    private readonly clock: Clock,
  ) {}

  verify(signedXml: string, request: VerifyRequest): Promise<VerifiedSignature> {
    return verifySignedXml(signedXml, {
      ...request,
      now: this.clock.now(),
      trust: this.eds.trust,
      revocation: this.eds.revocation,
    });
  }
}
