import { X509Certificate } from '@peculiar/x509';
import { decodeSignerCertificate, fingerprint, serialHex } from './certificate/certificate';
import {
  CertificateSubject,
  KeyPurpose,
  SubjectType,
  assertExpectedSigner,
  checkKeyPurpose,
  readSubject,
} from './certificate/certificate-profile';
import { TrustStore, assertChainValidAt } from './certificate/trust-store';
import { refuse } from './eds-error';
import { perCertificate } from './memo';
import { RevocationChecker, RevocationEvidence } from './revocation/revocation-checker';
import { parseXmlSafely } from './xml/safe-xml.parser';
import { readSignatureElements } from './xml/signature-structure';
import { assertPreparedContent, checkXmlSignature } from './xml/xml-signature.verifier';

export interface CertificateCheckOptions {
  /** AUTH to sign in, SIGN for actions. */
  purpose: KeyPurpose;
  subject: SubjectType | 'any';
  /** The verification instant (XMLDSig carries no signing time). */
  now: Date;
  trust: TrustStore;
  revocation: RevocationChecker;
  expectedIin?: string;
  expectedBin?: string;
}

export interface VerifyOptions extends CertificateCheckOptions {
  /** The XML the server prepared; the signed content must equal it after canonicalisation. */
  expectedContent?: string;
  /** Size cap on the signed document, bytes (default 64 KiB). */
  maxBytes?: number;
}

export interface VerifiedCertificate {
  certificate: {
    pem: string;
    /** Upper-case hex, as NCA prints it. */
    serialNumber: string;
    sha256: string;
    issuer: string;
    notBefore: Date;
    notAfter: Date;
  };
  signer: CertificateSubject;
  verifiedAt: Date;
  revocation: RevocationEvidence;
}

export interface VerifiedSignature extends VerifiedCertificate {
  /** Canonical signed content as the signature verifier returned it; read the document only from here. */
  signedContent: string;
}

/**
 * Verifies an NCALayer-signed XML document, steps 1–10 of the checklist in order; each refusal is
 * a DomainError with its own code and `details.reason`. Nonce single-use and freshness (step 5)
 * and the evidence store (step 11) belong to the caller.
 */
export async function verifySignedXml(xml: string, options: VerifyOptions): Promise<VerifiedSignature> {
  assertInstant(options.now);
  const doc = parseXmlSafely(xml, options.maxBytes);
  const elements = readSignatureElements(doc);
  const certificate = decodeSignerCertificate(elements.certificateBase64);
  const signedContent = checkXmlSignature(doc, elements, certificate);
  if (options.expectedContent !== undefined) assertPreparedContent(signedContent, options.expectedContent);
  return { signedContent, ...(await verifySignerCertificate(certificate, options)) };
}

/** Steps 6–10 for a signer certificate (also usable on its own, e.g. for a certificate on file). */
export async function verifySignerCertificate(
  certificate: X509Certificate,
  options: CertificateCheckOptions,
): Promise<VerifiedCertificate> {
  const { now, trust } = options;
  assertInstant(now);
  const chain = await trust.buildChain(certificate);
  assertChainValidAt(chain, now);
  const profile = checkKeyPurpose(certificate, options.purpose, options.subject);
  const revocation = await options.revocation.check(certificate, chain[1], now);
  if (revocation.status === 'revoked') {
    refuse('CERTIFICATE_REVOKED', `certificate is revoked (${revocation.revocationReason})`, {
      source: revocation.source,
      revocationReason: revocation.revocationReason,
      revokedAt: revocation.revokedAt?.toISOString(),
    });
  }
  const signer = readSubject(certificate, { ...profile, keyPurpose: options.purpose }, trust.enforceIinChecksum);
  assertExpectedSigner(signer, { iin: options.expectedIin, bin: options.expectedBin });
  return { certificate: { ...describe(certificate) }, signer, verifiedAt: now, revocation };
}

/** What step 11 stores about the certificate, encoded once per certificate. */
const describe = perCertificate((certificate): VerifiedCertificate['certificate'] => ({
  pem: certificate.toString('pem'),
  serialNumber: serialHex(certificate.serialNumber),
  sha256: fingerprint(certificate),
  issuer: certificate.issuer,
  notBefore: certificate.notBefore,
  notAfter: certificate.notAfter,
}));

function assertInstant(now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('eds: `now` must be a valid Date');
}
