import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '@kezek/eds';
import { KeyedCertificate } from './certificate-authority';
import { RevokedSerial } from './revocation-list';

export type CertificateStatus =
  { status: 'good' } | { status: 'unknown' } | ({ status: 'revoked' } & Pick<RevokedSerial, 'revokedAt' | 'reason'>);

const HASHES: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256' };
const MALFORMED_REQUEST = 1;

const bytes = (view: ArrayBuffer | Uint8Array) => Buffer.from(view instanceof Uint8Array ? view : new Uint8Array(view));

/** Leading zero octets only keep an INTEGER positive; serials are compared without them. */
const serialHex = (serial: asn1js.Integer) =>
  bytes(serial.valueBlock.valueHexView)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');

function statusValue(status: CertificateStatus): asn1js.BaseBlock {
  const tagged = (tagNumber: number) => ({ idBlock: { tagClass: 3, tagNumber } });
  if (status.status === 'good') return new asn1js.Primitive(tagged(0));
  if (status.status === 'unknown') return new asn1js.Primitive(tagged(2));
  return new asn1js.Constructed({
    ...tagged(1),
    value: [
      new asn1js.GeneralizedTime({ valueDate: status.revokedAt }),
      new asn1js.Constructed({
        ...tagged(0),
        value: [new asn1js.Enumerated({ value: x509.X509CrlReason[status.reason] })],
      }),
    ],
  });
}

function issuedBy(certId: pkijs.CertID, issuer: pkijs.Certificate): boolean {
  const hash = HASHES[certId.hashAlgorithm.algorithmId];
  if (!hash) return false;
  const digest = (data: ArrayBuffer | Uint8Array) => createHash(hash).update(bytes(data)).digest();
  const nameHash = digest(issuer.subject.toSchema().toBER());
  const keyHash = digest(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  return (
    nameHash.equals(bytes(certId.issuerNameHash.valueBlock.valueHexView)) &&
    keyHash.equals(bytes(certId.issuerKeyHash.valueBlock.valueHexView))
  );
}

/**
 * Answers an OCSP request (RFC 6960) as the issuing CA itself: one SingleResponse per requested
 * certificate, the request nonce echoed, signed sha256WithRSA, the CA certificate embedded.
 * Certificates of another issuer are `unknown`; an unparsable request gets `malformedRequest`.
 */
export async function respondToOcsp(
  requestDer: Uint8Array,
  responder: KeyedCertificate,
  statusOf: (serialHex: string) => CertificateStatus,
  at: Date,
): Promise<Buffer<ArrayBuffer>> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(new Uint8Array(requestDer));
  } catch {
    return Buffer.from(
      new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: MALFORMED_REQUEST }) })
        .toSchema()
        .toBER(),
    );
  }
  const issuer = pkijs.Certificate.fromBER(responder.certificate.rawData);
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = issuer.subject;
  basic.tbsResponseData.producedAt = at;
  for (const { reqCert } of request.tbsRequest.requestList) {
    const status: CertificateStatus = issuedBy(reqCert, issuer)
      ? statusOf(serialHex(reqCert.serialNumber))
      : { status: 'unknown' };
    basic.tbsResponseData.responses.push(
      new pkijs.SingleResponse({ certID: reqCert, certStatus: statusValue(status), thisUpdate: at }),
    );
  }
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (nonce)
    basic.tbsResponseData.responseExtensions = [
      new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: nonce.extnValue.getValue() }),
    ];
  basic.certs = [issuer];
  await basic.sign(responder.privateKey, 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OID.ocspBasic,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
    }),
  });
  return Buffer.from(response.toSchema().toBER());
}
