import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { makeIin } from '@kezek/iin';
import { PKI_PATHS } from './certificate-authority';
import { IssuedCertificate } from './dev-pki';
import { DevPkiServer, startDevPkiServer } from './dev-pki-server';
import { openTemporaryDevPki, TemporaryDevPki } from './temporary-dev-pki';

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
const pkijsCertificate = (cert: x509.X509Certificate) => pkijs.Certificate.fromBER(cert.rawData);
const certificateOf = (issued: IssuedCertificate) =>
  new x509.X509Certificate(readFileSync(issued.files.certificate, 'utf8'));

/** An OCSP request for several certificates of one issuer, with a nonce, as a verifier sends it. */
async function ocspRequest(
  certs: pkijs.Certificate[],
  issuer: pkijs.Certificate,
  nonce: Buffer<ArrayBuffer>,
): Promise<Buffer<ArrayBuffer>> {
  const request = new pkijs.OCSPRequest();
  for (const cert of certs) {
    const reqCert = new pkijs.CertID();
    await reqCert.createForCertificate(cert, { hashAlgorithm: 'SHA-256', issuerCertificate: issuer });
    request.tbsRequest.requestList.push(new pkijs.Request({ reqCert }));
  }
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: NONCE_OID, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
  ];
  return Buffer.from(request.toSchema(true).toBER());
}

function basicResponse(der: ArrayBuffer | Uint8Array<ArrayBuffer>): pkijs.BasicOCSPResponse {
  const response = pkijs.OCSPResponse.fromBER(der);
  expect(response.responseStatus.valueBlock.valueDec).toBe(0);
  return pkijs.BasicOCSPResponse.fromBER(response.responseBytes!.response.getValue());
}

describe('revocation: CRL and OCSP', () => {
  let t: TemporaryDevPki;
  let revoked: x509.X509Certificate;
  let good: x509.X509Certificate;
  let server: DevPkiServer;

  beforeAll(async () => {
    t = await openTemporaryDevPki('2026-03-02T04:00:00Z');
    const issued = await t.pki.issue({ iin: makeIin('1991-06-07', 'F', 2020), surname: 'ТЕСТОВА', givenName: 'ТЕСТ' });
    [revoked, good] = [certificateOf(issued.SIGN!), certificateOf(issued.AUTH!)];
    t.clock.set('2026-03-02T09:30:00Z');
    t.pki.revoke(revoked.serialNumber.toUpperCase(), 'keyCompromise');
    t.clock.set('2026-03-02T10:00:00Z');
    server = await startDevPkiServer({ pki: t.pki, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    t.remove();
  });

  it('refuses to revoke twice or an unknown serial', () => {
    expect(() => t.pki.revoke(revoked.serialNumber)).toThrow(/already revoked/);
    expect(() => t.pki.revoke('0badc0de')).toThrow(/no certificate with serial/);
  });

  it('lists the revoked serial, with reason and date, in a full CRL signed by the issuing CA', async () => {
    const crl = new x509.X509Crl(await t.pki.crl('full'));
    const issuing = t.pki.authority.issuing;
    expect(await crl.verify({ publicKey: issuing })).toBe(true);
    expect(Buffer.from(crl.issuerName.toArrayBuffer())).toEqual(Buffer.from(issuing.subjectName.toArrayBuffer()));
    expect(crl.thisUpdate.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(crl.nextUpdate?.toISOString()).toBe('2026-03-03T10:00:00.000Z');
    const entry = crl.findRevoked(revoked);
    expect(entry?.reason).toBe(x509.X509CrlReason.keyCompromise);
    expect(entry?.revocationDate.toISOString()).toBe('2026-03-02T09:30:00.000Z');
    expect(crl.findRevoked(good)).toBeNull();
    expect(crl.getExtension('2.5.29.20')).not.toBeNull();
  });

  it('leaves out revocations later than the CRL instant', async () => {
    const before = new x509.X509Crl(await t.pki.crl('full', new Date('2026-03-02T09:00:00Z')));
    expect(before.entries).toHaveLength(0);
  });

  it('publishes a delta CRL of the day, marked with the base CRL number', async () => {
    const delta = new x509.X509Crl(await t.pki.crl('delta'));
    expect(delta.getExtension('2.5.29.27')?.critical).toBe(true);
    expect(delta.findRevoked(revoked)).not.toBeNull();
    expect(delta.nextUpdate?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    const nextDay = new x509.X509Crl(await t.pki.crl('delta', new Date('2026-03-03T08:00:00Z')));
    expect(nextDay.entries).toHaveLength(0);
  });

  it('serves the CRLs and CA certificates over HTTP', async () => {
    const crl = await fetch(`${server.url}${PKI_PATHS.crl}`);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    expect(new x509.X509Crl(await crl.arrayBuffer()).findRevoked(revoked)).not.toBeNull();
    const root = new x509.X509Certificate(
      await (await fetch(`${server.url}${PKI_PATHS.rootCertificate}`)).arrayBuffer(),
    );
    expect(root.equal(t.pki.authority.root)).toBe(true);
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });

  it('answers OCSP over HTTP: revoked, good and unknown, nonce echoed, signed by the issuing CA', async () => {
    const issuer = pkijsCertificate(t.pki.authority.issuing);
    const stranger = pkijsCertificate(
      await x509.X509CertificateGenerator.createSelfSigned({
        keys: await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']),
        name: 'CN=stranger',
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      }),
    );
    const nonce = randomBytes(16);
    const http = await fetch(`${server.url}${PKI_PATHS.ocsp}`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: await ocspRequest([pkijsCertificate(revoked), pkijsCertificate(good), stranger], issuer, nonce),
    });
    expect(http.headers.get('content-type')).toBe('application/ocsp-response');
    const basic = basicResponse(await http.arrayBuffer());
    expect(await basic.verify({ trustedCerts: [pkijsCertificate(t.pki.authority.root)] })).toBe(true);
    const statuses = await Promise.all(
      [revoked, good].map(async (c) => (await basic.getCertificateStatus(pkijsCertificate(c), issuer)).status),
    );
    expect(statuses).toEqual([1, 0]);
    expect(basic.tbsResponseData.responses[2].certStatus.idBlock.tagNumber).toBe(2);
    const revokedInfo = (basic.tbsResponseData.responses[0].certStatus as asn1js.Constructed).valueBlock.value as [
      asn1js.GeneralizedTime,
      asn1js.Constructed,
    ];
    expect(revokedInfo[0].toDate().toISOString()).toBe('2026-03-02T09:30:00.000Z');
    expect((revokedInfo[1].valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec).toBe(
      x509.X509CrlReason.keyCompromise,
    );
    expect(basic.tbsResponseData.producedAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE_OID);
    expect(Buffer.from((asn1js.fromBER(echoed!.extnValue.getValue()).result as asn1js.OctetString).getValue())).toEqual(
      nonce,
    );
  });

  it('says good for a certificate revoked only after the answer instant', async () => {
    const issuer = pkijsCertificate(t.pki.authority.issuing);
    const der = await t.pki.respondOcsp(
      await ocspRequest([pkijsCertificate(revoked)], issuer, randomBytes(8)),
      new Date('2026-03-02T09:00:00Z'),
    );
    expect((await basicResponse(der).getCertificateStatus(pkijsCertificate(revoked), issuer)).status).toBe(0);
  });

  it('answers malformedRequest to garbage and 415 to the wrong content type', async () => {
    expect(
      pkijs.OCSPResponse.fromBER(await t.pki.respondOcsp(Buffer.from('not ocsp'))).responseStatus.valueBlock.valueDec,
    ).toBe(1);
    const http = await fetch(`${server.url}${PKI_PATHS.ocsp}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(http.status).toBe(415);
  });
});
