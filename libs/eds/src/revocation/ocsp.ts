import { KeyObject, createHash, createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { X509Certificate } from '@peculiar/x509';
import { refuse } from '../eds-error';
import { OID } from '../eds-oids';
import { algorithmReason, fingerprint, publicKeyOf, sha256Hex } from '../certificate/certificate';
import { BoundedCache } from '../memo';

/** RSA signature algorithms accepted on OCSP responses and CRLs, with their hash. */
const RSA_SIGNATURE_HASHES: Readonly<Record<string, string>> = {
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};

/** RFC 5280 CRLReason names, also used for OCSP RevokedInfo. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export interface OcspAnswer {
  status: 'good' | 'revoked';
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
}

export interface OcspCheck {
  certificate: X509Certificate;
  issuer: X509Certificate;
  /** The nonce sent in the request; the response must echo it. */
  nonce: Uint8Array;
  now: Date;
  /** How old thisUpdate may be. */
  maxAgeMs: number;
  clockSkewMs: number;
}

/** A fresh random nonce (RFC 8954 allows up to 32 octets). */
export function ocspNonce(): Uint8Array {
  return randomBytes(16);
}

/** DER OCSPRequest for one certificate (SHA-256 CertID) carrying `nonce`. */
export async function buildOcspRequest(
  certificate: X509Certificate,
  issuer: X509Certificate,
  nonce: Uint8Array,
): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList.push(new pkijs.Request({ reqCert: await certIdOf(certificate, issuer, 'SHA-256') }));
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
  ];
  return new Uint8Array(request.toSchema(true).toBER());
}

/**
 * Parses and checks a DER OCSPResponse: signed (RSA only) by the issuing CA or by a delegate it
 * issued with id-kp-OCSPSigning, echoing our nonce, fresh, and about this certificate. Any failure
 * is REVOCATION_UNAVAILABLE with the reason (the caller may then fall back to the CRL).
 */
export async function checkOcspResponse(der: Uint8Array, check: OcspCheck): Promise<OcspAnswer> {
  const unavailable = (reason: string, details?: Record<string, unknown>) =>
    refuse('REVOCATION_UNAVAILABLE', `OCSP: ${reason}`, { source: 'OCSP', ...details });
  const basic = decodeBasicResponse(der);
  if (typeof basic === 'string') return unavailable(basic);

  const algorithm = basic.signatureAlgorithm.algorithmId;
  const hash = RSA_SIGNATURE_HASHES[algorithm];
  if (!hash) return unavailable(algorithmReason('response signature', algorithm), { algorithm });

  const responderKey = await findAuthorisedResponder(basic, check.issuer, check.now, unavailable);
  const signed = verifySignature(
    hash,
    basic.tbsResponseData.tbsView,
    responderKey,
    basic.signature.valueBlock.valueHexView,
  );
  if (!signed) unavailable('response signature does not verify');

  const nonce = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID.ocspNonce);
  const sent = new asn1js.OctetString({ valueHex: check.nonce }).toBER();
  if (!nonce || !Buffer.from(nonce.extnValue.valueBlock.valueHexView).equals(Buffer.from(sent))) {
    unavailable('response does not echo our nonce');
  }

  const single = await findSingleResponse(basic, check.certificate, check.issuer);
  if (!single) return unavailable('response is not about this certificate');
  const thisUpdate = single.thisUpdate;
  const nextUpdate = single.nextUpdate ?? null;
  const now = check.now.getTime();
  if (thisUpdate.getTime() > now + check.clockSkewMs || now - thisUpdate.getTime() > check.maxAgeMs) {
    unavailable('response is not fresh', { thisUpdate: thisUpdate.toISOString() });
  }
  if (nextUpdate && nextUpdate.getTime() < now - check.clockSkewMs) unavailable('response is past its nextUpdate');

  const answer = { producedAt: basic.tbsResponseData.producedAt, thisUpdate, nextUpdate };
  const status = single.certStatus as asn1js.BaseBlock;
  switch (status.idBlock.tagNumber) {
    case 0:
      return { ...answer, status: 'good', revokedAt: null, revocationReason: null };
    case 1: {
      const [time, reason] = (status as asn1js.Constructed).valueBlock.value;
      const code = (reason as asn1js.Constructed | undefined)?.valueBlock.value[0] as asn1js.Enumerated | undefined;
      return {
        ...answer,
        status: 'revoked',
        revokedAt: (time as asn1js.GeneralizedTime).toDate(),
        revocationReason: REVOCATION_REASONS[code?.valueBlock.valueDec ?? 0] ?? 'unspecified',
      };
    }
    default:
      return unavailable('responder does not know the certificate');
  }
}

function decodeBasicResponse(der: Uint8Array): pkijs.BasicOCSPResponse | string {
  let response: pkijs.OCSPResponse;
  try {
    response = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  } catch {
    return 'response cannot be decoded';
  }
  const status = response.responseStatus.valueBlock.valueDec;
  if (status !== 0) return `responder returned error status ${status}`;
  if (response.responseBytes?.responseType !== OID.ocspBasic) return 'not a basic OCSP response';
  try {
    return pkijs.BasicOCSPResponse.fromBER(new Uint8Array(response.responseBytes.response.valueBlock.valueHexView));
  } catch {
    return 'basic response cannot be decoded';
  }
}

/** What an embedded responder certificate is, judged once per certificate and issuing CA: it never changes. */
interface ResponderFacts {
  isIssuer: boolean;
  /** Why the CA's authorisation fails, if it does (validity in time is judged per answer). */
  unauthorised?: string;
  notBefore: Date;
  notAfter: Date;
  key: KeyObject;
}

const responders = new BoundedCache<string, Promise<ResponderFacts>>(64);

/**
 * The responder must be the issuing CA itself or a delegate the CA issued for OCSP signing (valid
 * now); returns the key that must have signed the answer.
 */
async function findAuthorisedResponder(
  basic: pkijs.BasicOCSPResponse,
  issuer: X509Certificate,
  now: Date,
  unavailable: (reason: string) => never,
): Promise<KeyObject> {
  const id = basic.tbsResponseData.responderID;
  const named = (cert: pkijs.Certificate) =>
    id instanceof pkijs.RelativeDistinguishedNames
      ? cert.subject.isEqual(id)
      : Buffer.from(sha1(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).equals(
          Buffer.from((id as asn1js.OctetString).valueBlock.valueHexView),
        );
  if (named(toPkijs(issuer))) return publicKeyOf(issuer);
  const responder = (basic.certs ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && named(c));
  if (!responder) return unavailable('responder certificate is not in the response');

  const facts = await responderFacts(responder, issuer);
  if (facts.isIssuer) return publicKeyOf(issuer);
  if (facts.unauthorised) return unavailable(facts.unauthorised);
  if (now < facts.notBefore || now > facts.notAfter) return unavailable('responder certificate is not valid now');
  return facts.key;
}

function responderFacts(responder: pkijs.Certificate, issuer: X509Certificate): Promise<ResponderFacts> {
  const der = responder.toSchema().toBER();
  const key = `${fingerprint(issuer)} ${sha256Hex(der)}`;
  let facts = responders.get(key);
  if (!facts) {
    facts = judgeResponder(der, responder, issuer);
    responders.set(key, facts);
    facts.catch(() => responders.delete(key));
  }
  return facts;
}

async function judgeResponder(der: ArrayBuffer, responder: pkijs.Certificate, issuer: X509Certificate) {
  const delegate = new X509Certificate(der);
  const eku = responder.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.parsedValue as
    pkijs.ExtKeyUsage | undefined;
  const unauthorised =
    delegate.issuer !== issuer.subject || !(await delegate.verify({ publicKey: issuer, signatureOnly: true }))
      ? 'responder is not authorised by the issuing CA'
      : !eku?.keyPurposes.includes(OID.ocspSigning)
        ? 'responder certificate lacks id-kp-OCSPSigning'
        : undefined;
  return {
    isIssuer: fingerprint(delegate) === fingerprint(issuer),
    unauthorised,
    notBefore: delegate.notBefore,
    notAfter: delegate.notAfter,
    key: createPublicKey({ key: Buffer.from(delegate.publicKey.rawData), format: 'der', type: 'spki' }),
  };
}

async function findSingleResponse(
  basic: pkijs.BasicOCSPResponse,
  certificate: X509Certificate,
  issuer: X509Certificate,
): Promise<pkijs.SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    const algorithm = pkijs.getCrypto(true).getAlgorithmByOID(single.certID.hashAlgorithm.algorithmId);
    if (!('name' in algorithm)) continue;
    if (single.certID.isEqual(await certIdOf(certificate, issuer, algorithm.name))) return single;
  }
  return undefined;
}

const certIds = new WeakMap<X509Certificate, Map<string, Promise<pkijs.CertID>>>();

/** The CertID of `certificate` under `issuer` with `hashAlgorithm`, hashed once: all three are fixed. */
function certIdOf(certificate: X509Certificate, issuer: X509Certificate, hashAlgorithm: string): Promise<pkijs.CertID> {
  let known = certIds.get(certificate);
  if (!known) certIds.set(certificate, (known = new Map()));
  const key = `${fingerprint(issuer)} ${hashAlgorithm}`;
  let id = known.get(key);
  if (!id) {
    id = pkijs.CertID.create(toPkijs(certificate), { hashAlgorithm, issuerCertificate: toPkijs(issuer) });
    known.set(key, id);
  }
  return id;
}

function sha1(data: Uint8Array): Uint8Array {
  return createHash('sha1').update(data).digest();
}

const asPkijs = new WeakMap<X509Certificate, pkijs.Certificate>();

/** pkijs's view of a certificate, decoded once per certificate object (an issuer's, once for good). */
function toPkijs(cert: X509Certificate): pkijs.Certificate {
  let decoded = asPkijs.get(cert);
  if (!decoded) {
    decoded = pkijs.Certificate.fromBER(cert.rawData);
    asPkijs.set(cert, decoded);
  }
  return decoded;
}
