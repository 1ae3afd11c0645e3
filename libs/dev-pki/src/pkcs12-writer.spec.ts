import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import * as x509 from '@peculiar/x509';
import { makeIin } from '@kezek/iin';
import { DEFAULT_P12_PASSWORD, IssuedCertificate } from './dev-pki';
import { openTemporaryDevPki, TemporaryDevPki } from './temporary-dev-pki';

const openP12 = (file: string, password: string) =>
  forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readFileSync(file).toString('binary')), password);

describe('.p12 and PEM files', () => {
  let t: TemporaryDevPki;
  let auth: IssuedCertificate;
  let sign: IssuedCertificate;

  beforeAll(async () => {
    t = await openTemporaryDevPki();
    const holder = { iin: makeIin('1985-12-31', 'M', 77), surname: 'ТЕСТОВ', givenName: 'ТЕСТ' };
    ({ AUTH: auth } = (await t.pki.issue(holder, { types: ['AUTH'] })) as { AUTH: IssuedCertificate });
    ({ SIGN: sign } = (await t.pki.issue(holder, { types: ['SIGN'], password: 'secret-1' })) as {
      SIGN: IssuedCertificate;
    });
  });
  afterAll(() => t.remove());

  it('opens with node-forge and the default password, holding the key and the certificate byte for byte', () => {
    expect(auth.files.p12).toMatch(/keys\/\d{12}\/AUTH_RSA256_[0-9a-f]{40}\.p12$/);
    const p12 = openP12(auth.files.p12, DEFAULT_P12_PASSWORD);
    const [keyBag] = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]!;
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]!;
    expect(certBags).toHaveLength(1);
    const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certBags[0].cert!)).getBytes(), 'binary');
    const pem = new x509.X509Certificate(readFileSync(auth.files.certificate, 'utf8'));
    expect(certDer.equals(Buffer.from(pem.rawData))).toBe(true);
    const keyFromP12 = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key!));
    expect(createPublicKey(keyFromP12).export({ format: 'der', type: 'spki' })).toEqual(
      Buffer.from(pem.publicKey.rawData),
    );
    // NCA's alias: the key id as localKeyId and as hex friendlyName.
    expect(keyBag.attributes.friendlyName).toEqual([pem.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId]);
  });

  it('uses the given password and refuses another', () => {
    expect(() => openP12(sign.files.p12, DEFAULT_P12_PASSWORD)).toThrow();
    expect(
      openP12(sign.files.p12, 'secret-1').getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag],
    ).toHaveLength(1);
    expect(sign.files.p12).toMatch(/\/RSA256_[0-9a-f]{40}\.p12$/);
  });

  it('writes the PEM private key matching the certificate', () => {
    const key = createPrivateKey(readFileSync(auth.files.privateKey, 'utf8'));
    const cert = new x509.X509Certificate(readFileSync(auth.files.certificate, 'utf8'));
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' })).toEqual(Buffer.from(cert.publicKey.rawData));
  });
});
