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

/**
 * OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT SEQUENCE {
 * responseType OID, response OCTET STRING } OPTIONAL }, read at its element boundaries: pkijs's
 * decoder would decode the whole BasicOCSPResponse inside the OCTET STRING a second time.
 */
export function decodeBasicResponse(der: Uint8Array): pkijs.BasicOCSPResponse | string {
  let basic: Uint8Array;
  try {
    const [status, bytes, ...rest] = derChildren(der, 0x30);
    const code = decodeOne(tlvBytes(der, status, 0x0a), asn1js.Enumerated);
    if (rest.length > 0) return 'response cannot be decoded';
    if (code.valueBlock.valueDec !== 0) return `responder returned error status ${code.valueBlock.valueDec}`;
    const explicit = tlvBytes(der, bytes, 0xa0);
    const [inner] = derChildren(explicit, 0xa0);
    const responseBytes = tlvBytes(explicit, inner, 0x30);
    const [type, response, ...more] = derChildren(responseBytes, 0x30);
    const oid = decodeOne(tlvBytes(responseBytes, type, 0x06), asn1js.ObjectIdentifier);
    if (!response || response.tag !== 0x04 || more.length > 0) {
      return 'response cannot be decoded';
    }
    if (oid.valueBlock.toString() !== OID.ocspBasic) return 'not a basic OCSP response';
    basic = responseBytes.subarray(response.contentStart, response.end);
  } catch {
    return 'response cannot be decoded';
  }
  try {
    return decodeBasic(basic);
  } catch {
    return 'basic response cannot be decoded';
  }
}

/**
 * BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING,
 * certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }, split at its element boundaries so that
 * pkijs decodes the parts that change with every answer, while an embedded responder certificate
 * (most of the bytes, the same in every answer) is decoded once.
 */
function decodeBasic(der: Uint8Array): pkijs.BasicOCSPResponse {
  const [tbs, algorithm, signature, certs, ...rest] = derChildren(der, 0x30);
  if (!signature || rest.length > 0) throw new Error('BasicOCSPResponse: elements');
  const bitString = decodeOne(tlvBytes(der, signature, 0x03), asn1js.BitString);
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: pkijs.ResponseData.fromBER(tlvBytes(der, tbs, 0x30)),
    signatureAlgorithm: pkijs.AlgorithmIdentifier.fromBER(tlvBytes(der, algorithm, 0x30)),
    signature: bitString,
  });
  if (certs) {
    const explicit = tlvBytes(der, certs, 0xa0);
    const [list, ...more] = derChildren(explicit, 0xa0);
    const sequence = tlvBytes(explicit, list, 0x30);
    if (more.length > 0) throw new Error('BasicOCSPResponse: certs');
    basic.certs = derChildren(sequence, 0x30).map((c) => embeddedCertificate(tlvBytes(sequence, c, 0x30)));
  }
  return basic;
}

interface Tlv {
  tag: number;
  /** [start, end) of the whole element within the buffer it was read from; its content from contentStart. */
  start: number;
  contentStart: number;
  end: number;
}

/** The elements inside the one DER element `der` consists of, which must have `tag`. */
function derChildren(der: Uint8Array, tag: number): Tlv[] {
  const outer = readTlv(der, 0);
  if (outer.tag !== tag || outer.end !== der.length) throw new Error('DER: unexpected element');
  const found: Tlv[] = [];
  for (let at = outer.contentStart; at < outer.end; at = found[found.length - 1].end) {
    found.push({ start: at, ...readTlv(der, at, outer.end) });
  }
  return found;
}

/** One DER tag-length-value header at `at`; definite lengths only, single-byte tags only. */
function readTlv(der: Uint8Array, at: number, limit = der.length) {
  if (at + 2 > limit) throw new Error('DER: truncated');
  const tag = der[at];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tag');
  let length = der[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || contentStart + octets > limit) throw new Error('DER: bad length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[contentStart++];
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('DER: truncated');
  return { tag, contentStart, end };
}

/** One ASN.1 value of `type` filling `bytes` exactly, decoded without error. */
function decodeOne<T extends asn1js.BaseBlock>(bytes: Uint8Array<ArrayBuffer>, type: new () => T): T {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset !== bytes.length || !(result instanceof type) || result.error) throw new Error('DER: cannot be decoded');
  return result;
}

function tlvBytes(der: Uint8Array, tlv: Tlv | undefined, tag: number): Uint8Array<ArrayBuffer> {
  if (!tlv || tlv.tag !== tag) throw new Error('DER: unexpected element');
  return new Uint8Array(der.subarray(tlv.start, tlv.end));
}

const embeddedCertificates = new BoundedCache<string, pkijs.Certificate>(64);
/** The DER each embedded certificate was decoded from. */
const certificateDer = new WeakMap<pkijs.Certificate, Uint8Array<ArrayBuffer>>();

function embeddedCertificate(der: Uint8Array<ArrayBuffer>): pkijs.Certificate {
  const key = sha256Hex(der);
  let cert = embeddedCertificates.get(key);
  if (!cert) {
    cert = pkijs.Certificate.fromBER(der);
    certificateDer.set(cert, der);
    embeddedCertificates.set(key, cert);
  }
  return cert;
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
  const der = certificateDer.get(responder) ?? new Uint8Array(responder.toSchema().toBER());
  const key = `${fingerprint(issuer)} ${sha256Hex(der)}`;
  let facts = responders.get(key);
  if (!facts) {
    facts = judgeResponder(der, responder, issuer);
    responders.set(key, facts);
    facts.catch(() => responders.delete(key));
  }
  return facts;
}

async function judgeResponder(der: Uint8Array<ArrayBuffer>, responder: pkijs.Certificate, issuer: X509Certificate) {
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
    // pkijs reads only the serial number of the certificate itself: decoding the whole of each
    // signer's certificate for it cost about a fifth of a first verification (race profile).
    const serialNumber = new asn1js.Integer({ valueHex: serialNumberOf(new Uint8Array(certificate.rawData)) });
    id = pkijs.CertID.create({ serialNumber } as pkijs.Certificate, {
      hashAlgorithm,
      issuerCertificate: toPkijs(issuer),
    });
    known.set(key, id);
  }
  return id;
}

/**
 * The content octets of a certificate's serialNumber as its issuer encoded them, which a CertID
 * carries (X509Certificate.serialNumber drops a leading zero octet).
 */
export function serialNumberOf(certificateDer: Uint8Array): Uint8Array<ArrayBuffer> {
  const [tbs] = derChildren(certificateDer, 0x30);
  const tbsDer = tlvBytes(certificateDer, tbs, 0x30);
  const fields = derChildren(tbsDer, 0x30);
  const serial = fields[0]?.tag === 0xa0 ? fields[1] : fields[0];
  if (serial?.tag !== 0x02) throw new Error('certificate: no serialNumber');
  return new Uint8Array(tbsDer.subarray(serial.contentStart, serial.end));
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
