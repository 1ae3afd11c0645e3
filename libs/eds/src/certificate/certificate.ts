import { KeyObject, X509Certificate as NodeX509Certificate, createHash, createPublicKey } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { refuse } from '../eds-error';
import { KZ_GOST_ARC, OID } from '../eds-oids';
import { BoundedCache, perCertificate } from '../memo';

/** A certificate from PEM text, bare base64 or DER bytes. */
export function parseCertificate(input: string | Uint8Array): X509Certificate {
  if (typeof input !== 'string') return new X509Certificate(new Uint8Array(input));
  const text = input.includes('-----BEGIN') ? input : Buffer.from(input.replace(/\s+/g, ''), 'base64');
  return new X509Certificate(text);
}

export function sha256Hex(data: ArrayBuffer | Uint8Array): string {
  return createHash('sha256').update(new Uint8Array(data)).digest('hex');
}

export const fingerprint = perCertificate((cert) => sha256Hex(cert.rawData));

/** The certificate's public key as a Node KeyObject, parsed once per certificate object. */
export const publicKeyOf = perCertificate((cert): KeyObject =>
  createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' }),
);

/** Checks `cert`'s signature with `issuer`'s key using Node's native X.509 (no WebCrypto round trips). */
export function isSignedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return new NodeX509Certificate(Buffer.from(cert.rawData)).verify(publicKeyOf(issuer));
  } catch {
    return false;
  }
}

/** Serial as NCA prints it: upper-case hex without leading zero bytes. */
export function serialHex(serial: string): string {
  return serial.replace(/^(00)+(?=.)/, '').toUpperCase();
}

/** NCA test CAs say TEST in their common name; used to keep test and production trust apart. */
export function isTestCertificate(cert: X509Certificate): boolean {
  const names = [...cert.subjectName.getField(OID.commonName), ...cert.issuerName.getField(OID.commonName)];
  return names.some((cn) => /\bTEST\b/i.test(cn));
}

/** What @peculiar/x509 reports for a key or signature algorithm (an OID when it does not know it). */
interface AlgorithmInfo {
  name: string;
  modulusLength?: number;
  hash?: { name: string };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Signer certificates that passed step 3, by their base64: a citizen signs again and again with
 * the same certificate, and decoding it is most of step 3's cost. Bounded, so distinct
 * certificates only evict one another.
 */
const decodedSigners = new BoundedCache<string, X509Certificate>(2_000);

/** Step 3: the KeyInfo certificate must decode and be RSA ≥ 2048 signed with sha256WithRSA. */
export function decodeSignerCertificate(base64: string): X509Certificate {
  const known = decodedSigners.get(base64);
  if (known) return known;
  if (!BASE64.test(base64)) refuse('SIGNATURE_INVALID', 'X509Certificate is not base64');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    return refuse('SIGNATURE_INVALID', 'X509Certificate cannot be decoded');
  }
  const key = cert.publicKey.algorithm as AlgorithmInfo;
  if (key.name !== 'RSASSA-PKCS1-v1_5')
    refuse('UNSUPPORTED_ALGORITHM', algorithmReason('certificate key', key.name), { algorithm: key.name });
  if ((key.modulusLength ?? 0) < 2048) {
    refuse('UNSUPPORTED_ALGORITHM', 'RSA key shorter than 2048 bits', { modulusLength: key.modulusLength });
  }
  const signed = cert.signatureAlgorithm as AlgorithmInfo;
  if (signed.name !== 'RSASSA-PKCS1-v1_5' || signed.hash?.name !== 'SHA-256') {
    refuse('UNSUPPORTED_ALGORITHM', algorithmReason('certificate signature', signed.name), { algorithm: signed.name });
  }
  decodedSigners.set(base64, cert);
  return cert;
}

export function algorithmReason(what: string, algorithm: string): string {
  return algorithm.startsWith(KZ_GOST_ARC)
    ? `${what} is GOST (${algorithm}); only RSA is supported`
    : `${what} algorithm ${algorithm} is not supported`;
}
