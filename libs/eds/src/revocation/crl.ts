import * as asn1js from 'asn1js';
import {
  AuthorityKeyIdentifierExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509Crl,
} from '@peculiar/x509';
import { refuse } from '../eds-error';
import { OID } from '../eds-oids';
import { algorithmReason, serialHex, sha256Hex } from '../certificate/certificate';
import { REVOCATION_REASONS } from './ocsp';

/** A CRL whose signature, issuer and extensions have been checked against its CA. */
export interface VerifiedCrl {
  der: Uint8Array;
  sha256: string;
  number: bigint;
  /** Set on a delta CRL: the full CRL number it builds on. */
  baseNumber: bigint | null;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: ReadonlyMap<string, { revokedAt: Date; reason: string }>;
}

/** CRL extensions we understand; an unknown critical one (e.g. a partitioned IDP) refuses the CRL. */
const KNOWN_CRITICAL_CRL_EXTENSIONS = new Set<string>([OID.deltaCrlIndicator, OID.crlNumber]);

const RSA_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);

/** Parses a DER CRL and checks it was issued and signed (RSA) by `ca`. Validity in time is separate. */
export async function verifyCrl(der: Uint8Array, ca: X509Certificate): Promise<VerifiedCrl> {
  const unavailable = (reason: string): never => refuse('REVOCATION_UNAVAILABLE', `CRL: ${reason}`, { source: 'CRL' });
  let crl: X509Crl;
  try {
    crl = new X509Crl(new Uint8Array(der));
  } catch {
    return unavailable('cannot be decoded');
  }
  const algorithm = crl.signatureAlgorithm as { name: string; hash?: { name: string } };
  if (algorithm.name !== 'RSASSA-PKCS1-v1_5' || !RSA_HASHES.has(algorithm.hash?.name ?? '')) {
    unavailable(algorithmReason('signature', algorithm.name));
  }
  if (crl.issuer !== ca.subject) unavailable('issued by another CA');
  const aki = crl.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
  const ski = ca.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  if (aki && ski && aki !== ski) unavailable('AKI does not match the CA key');
  if (!(await crl.verify({ publicKey: ca }))) unavailable('signature does not verify');
  if (crl.extensions.some((e) => e.critical && !KNOWN_CRITICAL_CRL_EXTENSIONS.has(e.type))) {
    unavailable('has an unknown critical extension');
  }
  const number = integerExtension(crl, OID.crlNumber);
  if (number === null) unavailable('has no CRL number');
  if (!crl.nextUpdate) unavailable('has no nextUpdate');

  const entries = new Map<string, { revokedAt: Date; reason: string }>();
  for (const entry of crl.entries) {
    entries.set(serialHex(entry.serialNumber), {
      revokedAt: entry.revocationDate,
      reason: REVOCATION_REASONS[entry.reason ?? 0] ?? 'unspecified',
    });
  }
  return {
    der,
    sha256: sha256Hex(der),
    number: number as bigint,
    baseNumber: integerExtension(crl, OID.deltaCrlIndicator),
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate as Date,
    entries,
  };
}

export function isCrlValidAt(crl: VerifiedCrl, now: Date, clockSkewMs: number): boolean {
  return crl.thisUpdate.getTime() <= now.getTime() + clockSkewMs && now < crl.nextUpdate;
}

function integerExtension(crl: X509Crl, oid: string): bigint | null {
  const ext = crl.getExtension(oid);
  if (!ext) return null;
  const parsed = asn1js.fromBER(ext.value).result;
  if (!(parsed instanceof asn1js.Integer)) return null;
  return parsed.toBigInt();
}
