import { createHash, randomBytes, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { X509Certificate } from '@peculiar/x509';
import { refuse } from '../eds-error';
import { OID } from '../eds-oids';
import { algorithmReason, fingerprint } from '../certificate/certificate';

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
  await request.createForCertificate(toPkijs(certificate), {
    hashAlgorithm: 'SHA-256',
    issuerCertificate: toPkijs(issuer),
  });
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

  const issuer = toPkijs(check.issuer);
  const responder = await findAuthorisedResponder(basic, issuer, check.issuer, check.now, unavailable);
  const signed = verifySignature(
    hash,
    basic.tbsResponseData.tbsView,
    { key: Buffer.from(responder.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' },
    basic.signature.valueBlock.valueHexView,
  );
  if (!signed) unavailable('response signature does not verify');

  const nonce = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID.ocspNonce);
  const sent = new asn1js.OctetString({ valueHex: check.nonce }).toBER();
  if (!nonce || !Buffer.from(nonce.extnValue.valueBlock.valueHexView).equals(Buffer.from(sent))) {
    unavailable('response does not echo our nonce');
  }

  const single = await findSingleResponse(basic, toPkijs(check.certificate), issuer);
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

/** The responder must be the issuing CA itself or a delegate the CA issued for OCSP signing. */
async function findAuthorisedResponder(
  basic: pkijs.BasicOCSPResponse,
  issuer: pkijs.Certificate,
  issuerX509: X509Certificate,
  now: Date,
  unavailable: (reason: string) => never,
): Promise<pkijs.Certificate> {
  const id = basic.tbsResponseData.responderID;
  const named = (cert: pkijs.Certificate) =>
    id instanceof pkijs.RelativeDistinguishedNames
      ? cert.subject.isEqual(id)
      : Buffer.from(sha1(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).equals(
          Buffer.from((id as asn1js.OctetString).valueBlock.valueHexView),
        );
  if (named(issuer)) return issuer;
  const responder = (basic.certs ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && named(c));
  if (!responder) return unavailable('responder certificate is not in the response');

  const delegate = new X509Certificate(responder.toSchema().toBER());
  if (fingerprint(delegate) === fingerprint(issuerX509)) return issuer;
  if (
    delegate.issuer !== issuerX509.subject ||
    !(await delegate.verify({ publicKey: issuerX509, signatureOnly: true }))
  ) {
    return unavailable('responder is not authorised by the issuing CA');
  }
  const eku = responder.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.parsedValue as
    pkijs.ExtKeyUsage | undefined;
  if (!eku?.keyPurposes.includes(OID.ocspSigning)) return unavailable('responder certificate lacks id-kp-OCSPSigning');
  if (now < delegate.notBefore || now > delegate.notAfter) return unavailable('responder certificate is not valid now');
  return responder;
}

async function findSingleResponse(
  basic: pkijs.BasicOCSPResponse,
  certificate: pkijs.Certificate,
  issuer: pkijs.Certificate,
): Promise<pkijs.SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    const algorithm = pkijs.getCrypto(true).getAlgorithmByOID(single.certID.hashAlgorithm.algorithmId);
    if (!('name' in algorithm)) continue;
    const hashAlgorithm = algorithm.name;
    const expected = await pkijs.CertID.create(certificate, { hashAlgorithm, issuerCertificate: issuer });
    if (single.certID.isEqual(expected)) return single;
  }
  return undefined;
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
