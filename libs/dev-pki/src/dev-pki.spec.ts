import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { makeIin } from '@kezek/iin';
import { DevPki, IssuedCertificate } from './dev-pki';
import { KeyType } from './nca-profile';
import { openTemporaryDevPki, TemporaryDevPki } from './temporary-dev-pki';

const IIN = makeIin('1990-02-14', 'F', 4411);
const EMPLOYEE_IIN = makeIin('1978-10-03', 'M', 812);
// A BIN uses the IIN check digit; makeIin gives a 12-digit number that passes it.
const BIN = makeIin('2004-05-01', 'M', 3100);

const certificateOf = (issued: IssuedCertificate) =>
  new x509.X509Certificate(readFileSync(issued.files.certificate, 'utf8'));
const field = (cert: x509.X509Certificate, oid: string) => cert.subjectName.getField(oid);
const ekus = (cert: x509.X509Certificate) => cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
const policies = (cert: x509.X509Certificate) => cert.getExtension(x509.CertificatePolicyExtension)?.policies;
const keyUsage = (cert: x509.X509Certificate) => cert.getExtension(x509.KeyUsagesExtension);

describe('DevPki issuance in the NCA profile', () => {
  let t: TemporaryDevPki;
  let individual: Record<KeyType, x509.X509Certificate>;
  let employee: Record<KeyType, x509.X509Certificate>;

  beforeAll(async () => {
    t = await openTemporaryDevPki('2026-03-02T04:00:00Z');
    const [person, worker] = await Promise.all([
      t.pki.issue({
        iin: IIN,
        surname: 'Сейітова',
        givenName: 'Әсел',
        patronymic: 'Маратқызы',
        email: 'asel@example.kz',
      }),
      t.pki.issue({
        iin: EMPLOYEE_IIN,
        surname: 'ТЕСТОВ',
        givenName: 'ТЕСТ',
        patronymic: 'ТЕСТОВИЧ',
        organization: { bin: BIN, name: 'АО "ТЕСТ"', role: 'head' },
      }),
    ]);
    individual = { AUTH: certificateOf(person.AUTH!), SIGN: certificateOf(person.SIGN!) };
    employee = { AUTH: certificateOf(worker.AUTH!), SIGN: certificateOf(worker.SIGN!) };
  });
  afterAll(() => t.remove());

  it('writes the individual subject by OID: CN "SURNAME NAME", surname, IIN, C, patronymic in 2.5.4.42', () => {
    const cert = individual.AUTH;
    expect(field(cert, '2.5.4.3')).toEqual(['СЕЙІТОВА ӘСЕЛ']);
    expect(field(cert, '2.5.4.4')).toEqual(['СЕЙІТОВА']);
    expect(field(cert, '2.5.4.5')).toEqual([`IIN${IIN}`]);
    expect(field(cert, '2.5.4.6')).toEqual(['KZ']);
    expect(field(cert, '2.5.4.42')).toEqual(['МАРАТҚЫЗЫ']);
    expect(field(cert, '2.5.4.10')).toEqual([]);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
      { type: 'email', value: 'asel@example.kz' },
    ]);
  });

  it('gives the individual AUTH key digitalSignature+keyEncipherment, clientAuth and policy 1.2.398.3.3.2.4', () => {
    const cert = individual.AUTH;
    expect(keyUsage(cert)?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    expect(keyUsage(cert)?.critical).toBe(true);
    expect(ekus(cert)).toEqual(['1.3.6.1.5.5.7.3.2', '1.2.398.3.3.4.1.1']);
    expect(policies(cert)).toEqual(['1.2.398.3.3.2.4']);
  });

  it('gives the individual SIGN key digitalSignature+nonRepudiation, emailProtection and policy 1.2.398.3.3.2.3', () => {
    const cert = individual.SIGN;
    expect(keyUsage(cert)?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(ekus(cert)).toEqual(['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.1']);
    expect(policies(cert)).toEqual(['1.2.398.3.3.2.3']);
  });

  it('marks an employee as a legal entity with organisation, BIN, role and the legal policies', () => {
    expect(field(employee.SIGN, '2.5.4.10')).toEqual(['АО "ТЕСТ"']);
    expect(field(employee.SIGN, '2.5.4.11')).toEqual([`BIN${BIN}`]);
    expect(field(employee.SIGN, '2.5.4.5')).toEqual([`IIN${EMPLOYEE_IIN}`]);
    expect(ekus(employee.AUTH)).toEqual(['1.3.6.1.5.5.7.3.2', '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1']);
    expect(ekus(employee.SIGN)).toEqual(['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1']);
    expect(policies(employee.AUTH)).toEqual(['1.2.398.3.3.2.2']);
    expect(policies(employee.SIGN)).toEqual(['1.2.398.3.3.2.1']);
    expect(employee.SIGN.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
  });

  it('issues RSA-2048 sha256WithRSA certificates valid for a year from the clock, chained to a TEST root', async () => {
    const cert = individual.SIGN;
    const { root, issuing } = t.pki.authority;
    expect((cert.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    expect(cert.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    expect(cert.notBefore.toISOString()).toBe('2026-03-02T04:00:00.000Z');
    expect(cert.notAfter.toISOString()).toBe('2027-03-02T04:00:00.000Z');
    expect(cert.serialNumber).toMatch(/^[0-7][0-9a-f]{39}$/);
    expect(root.subject).toContain('TEST');
    expect(issuing.subject).toContain('TEST');
    expect(cert.issuer).toBe(issuing.subject);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      issuing.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    expect(await cert.verify({ publicKey: issuing.publicKey, signatureOnly: true })).toBe(true);
    expect(await issuing.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(issuing.getExtension(x509.BasicConstraintsExtension)).toMatchObject({
      ca: true,
      pathLength: 0,
      critical: true,
    });
    const chain = await new x509.X509ChainBuilder({ certificates: [root, issuing] }).build(cert);
    expect(chain.map((c) => c.subject)).toEqual([cert.subject, issuing.subject, root.subject]);
  });

  it('points certificates at the dev server for CRL, delta CRL, OCSP and the issuer', () => {
    const cert = individual.AUTH;
    const url = t.pki.publicUrl;
    expect(
      cert.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints[0].distributionPoint?.fullName?.[0]
        .uniformResourceIdentifier,
    ).toBe(`${url}/crl/nca_rsa_dev.crl`);
    const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
    expect(aia?.ocsp.map((n) => n.value)).toEqual([`${url}/ocsp`]);
    expect(cert.getExtension('2.5.29.46')).not.toBeNull();
  });

  it('keeps the CA across runs, so issued certificates stay valid', async () => {
    const reopened = await DevPki.open({ dir: t.pki.dir, clock: t.clock });
    expect(reopened.authority.root.serialNumber).toBe(t.pki.authority.root.serialNumber);
    expect(
      new x509.X509Certificate(readFileSync(reopened.authorityFiles.issuing, 'utf8')).equal(t.pki.authority.issuing),
    ).toBe(true);
    expect(
      reopened
        .list()
        .map((r) => r.iin)
        .sort(),
    ).toEqual([EMPLOYEE_IIN, EMPLOYEE_IIN, IIN, IIN].sort());
  });

  it('finds the newest key of a person for a purpose, the individual one before an employee one', async () => {
    await t.pki.issue({ iin: EMPLOYEE_IIN, surname: 'ТЕСТОВ', givenName: 'ТЕСТ' }, { types: ['SIGN'] });
    const own = t.pki.findKey({ iin: EMPLOYEE_IIN, type: 'SIGN' });
    expect(own?.record.bin).toBeUndefined();
    expect(t.pki.findKey({ iin: EMPLOYEE_IIN, type: 'SIGN', bin: BIN })?.record.bin).toBe(BIN);
    expect(t.pki.findKey({ iin: EMPLOYEE_IIN, type: 'AUTH' })?.record.bin).toBe(BIN);
    expect(own?.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(t.pki.findKey({ iin: makeIin('2001-01-01', 'M', 1), type: 'AUTH' })).toBeNull();
  });

  it('refuses an IIN or BIN with a wrong check digit', async () => {
    await expect(t.pki.issue({ iin: '123456789011', surname: 'ТЕСТОВ', givenName: 'ТЕСТ' })).rejects.toThrow(
      /IIN 123456789011 is not valid/,
    );
    await expect(
      t.pki.issue({
        iin: IIN,
        surname: 'ТЕСТОВ',
        givenName: 'ТЕСТ',
        organization: { bin: '123456789021', name: 'X', role: 'employee' },
      }),
    ).rejects.toThrow(/BIN 123456789021 is not valid/);
  });
});
