import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { OID } from '@kezek/eds';
import { authorityKeyIdentifier, KeyedCertificate } from './certificate-authority';
import { RSA_ALGORITHM } from './rsa-keys';
import { RevocationReason } from './pki-index';

export interface RevokedSerial {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export type CrlKind = 'full' | 'delta';

const HOUR_MS = 3600 * 1000;
/** How long a verifier may cache each list; the delta is short so dev revocations show up soon. */
const CRL_VALIDITY_MS: Record<CrlKind, number> = { full: 24 * HOUR_MS, delta: HOUR_MS };

/**
 * CRLs are made on demand, so their numbers come from the issue instant: full and delta lists
 * share one increasing sequence (RFC 5280 §5.2.3), even and odd so they never collide.
 */
function crlNumber(at: Date, kind: CrlKind): number {
  return 2 * Math.floor(at.getTime() / 1000) + (kind === 'delta' ? 1 : 0);
}

/** A delta lists what was revoked since the full CRL of the start of that UTC day (its base). */
function deltaBase(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

const integer = (value: number) => new asn1js.Integer({ value }).toBER();

/** The CRL the issuing CA publishes at `at`: every revocation up to then, or (delta) since the base. */
export async function buildCrl(
  issuer: KeyedCertificate,
  revoked: readonly RevokedSerial[],
  at: Date,
  kind: CrlKind,
): Promise<x509.X509Crl> {
  const base = deltaBase(at);
  const entries = revoked.filter((r) => r.revokedAt <= at && (kind === 'full' || r.revokedAt > base));
  return x509.X509CrlGenerator.create({
    issuer: issuer.certificate.subjectName,
    thisUpdate: at,
    nextUpdate: new Date(at.getTime() + CRL_VALIDITY_MS[kind]),
    signingKey: issuer.privateKey,
    signingAlgorithm: RSA_ALGORITHM,
    extensions: [
      authorityKeyIdentifier(issuer.certificate),
      new x509.Extension(OID.crlNumber, false, integer(crlNumber(at, kind))),
      ...(kind === 'delta' ? [new x509.Extension(OID.deltaCrlIndicator, true, integer(crlNumber(base, 'full')))] : []),
    ],
    entries: entries.map((r) => ({
      serialNumber: r.serial,
      revocationDate: r.revokedAt,
      // RFC 5280 asks to omit the reason code rather than say "unspecified".
      ...(r.reason === 'unspecified' ? {} : { reason: x509.X509CrlReason[r.reason] }),
    })),
  });
}
