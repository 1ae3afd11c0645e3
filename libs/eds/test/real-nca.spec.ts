import { checkKeyPurpose } from '../src/certificate/certificate-profile';
import { decodeSignerCertificate } from '../src/certificate/certificate';
import { parseXmlSafely } from '../src/xml/safe-xml.parser';
import { readSignatureElements } from '../src/xml/signature-structure';
import { checkXmlSignature } from '../src/xml/xml-signature.verifier';
import { VerifyOptions, parseCertificate, signLikeNcaLayer, verifySignedXml, verifySignerCertificate } from '../src';
import {
  AT_2022_06_01,
  KEYS,
  TEST_IIN,
  describeWithFixtures,
  fixtureText,
  historicalProductionTrustStore,
  openP12,
  recordedOcsp,
  testRevocationChecker,
  testTrustStore,
} from './pki-fixtures';

const ACTION = '<action type="extendReferral"><nonce>5f2c</nonce><referral>R-1</referral></action>';
const KALKAN_XML = 'xml-signed/ncanode_signed_rsa_sha256_testcert.xml';

describeWithFixtures('EDS verification on real NCA test material', () => {
  let options: VerifyOptions;

  beforeAll(async () => {
    options = {
      purpose: 'SIGN',
      subject: 'individual',
      now: AT_2022_06_01,
      trust: testTrustStore(),
      revocation: await testRevocationChecker(),
    };
  });

  const signWith = (p12: string, xml = ACTION) => {
    const { keyPem, certPem } = openP12(p12);
    return signLikeNcaLayer(xml, keyPem, certPem);
  };

  describe('the valid 2022 certificates (certs-test/*.pem; no .p12 holds their keys)', () => {
    const auth = () => parseCertificate(fixtureText('certs-test/individual_rsa_auth_2022.pem'));
    const sign = () => parseCertificate(fixtureText('certs-test/individual_rsa_sign_2022.pem'));

    it('accepts the AUTH certificate for sign-in, with the real CRL as evidence', async () => {
      const result = await verifySignerCertificate(auth(), { ...options, purpose: 'AUTH', expectedIin: TEST_IIN });
      expect(result.signer).toEqual({
        iin: TEST_IIN,
        commonName: 'ТЕСТОВ ТЕСТ',
        surname: 'ТЕСТОВ',
        givenName: 'ТЕСТ',
        patronymic: 'ТЕСТОВИЧ',
        organization: null,
        bin: null,
        email: null,
        subjectType: 'individual',
        legalRole: null,
        keyPurpose: 'AUTH',
      });
      expect(result.certificate).toMatchObject({
        serialNumber: '247C3FDA89FA641EA226987393CDAF3F5BAF24B3',
        issuer: 'C=KZ, CN=ҰКО 3.0 (RSA TEST)',
        notAfter: new Date('2023-01-18T04:38:49Z'),
      });
      expect(result.revocation).toMatchObject({
        source: 'CRL',
        status: 'good',
        crlNumber: '9',
        thisUpdate: new Date('2022-03-29T04:18:29Z'),
        nextUpdate: new Date('2022-09-25T04:18:29Z'),
        ocspFailure: 'OCSP is not configured',
      });
      expect(result.verifiedAt).toBe(AT_2022_06_01);
    });

    it('accepts the SIGN certificate for actions', async () => {
      const result = await verifySignerCertificate(sign(), { ...options, expectedIin: TEST_IIN });
      expect(result.signer.keyPurpose).toBe('SIGN');
      expect(result.certificate.serialNumber).toBe('41E45CC8A04C705963E5CD6769848A934D8EAEF5');
    });

    it('refuses each for the other purpose', async () => {
      await expect(verifySignerCertificate(auth(), options)).rejects.toMatchObject({
        code: 'WRONG_KEY_USAGE',
        details: { reason: 'keyUsage does not allow SIGN' },
      });
      await expect(verifySignerCertificate(sign(), { ...options, purpose: 'AUTH' })).rejects.toMatchObject({
        code: 'WRONG_KEY_USAGE',
        details: { reason: 'keyUsage does not allow AUTH' },
      });
    });

    it('refuses another person (IIN by OID 2.5.4.5) as SIGNER_MISMATCH', async () => {
      await expect(verifySignerCertificate(sign(), { ...options, expectedIin: '900101300017' })).rejects.toMatchObject({
        code: 'SIGNER_MISMATCH',
        details: { reason: 'IIN differs from the expected signer' },
      });
    });

    it('refuses the public test IIN where the trust store enforces the checksum', async () => {
      await expect(verifySignerCertificate(sign(), { ...options, trust: testTrustStore(true) })).rejects.toMatchObject({
        code: 'SIGNER_MISMATCH',
        details: { reason: 'certificate IIN fails the checksum' },
      });
    });
  });

  describe('the 2022 keys we hold (ncanode_2022_individual_rsa_*_revoked.p12)', () => {
    it('refuses fresh documents signed with them as revoked, from the real CRL', async () => {
      await expect(
        verifySignedXml(signWith(KEYS.signRevoked2022), { ...options, expectedContent: ACTION }),
      ).rejects.toMatchObject({
        code: 'CERTIFICATE_REVOKED',
        details: { source: 'CRL', revocationReason: 'superseded', revokedAt: '2022-01-18T04:40:24.000Z' },
      });
      await expect(
        verifySignedXml(signWith(KEYS.authRevoked2022), { ...options, purpose: 'AUTH' }),
      ).rejects.toMatchObject({
        code: 'CERTIFICATE_REVOKED',
        details: { revokedAt: '2022-01-18T04:41:12.000Z' },
      });
    });

    it('refuses an AUTH key used for SIGN and a SIGN key used for AUTH before looking at revocation', async () => {
      await expect(verifySignedXml(signWith(KEYS.authRevoked2022), options)).rejects.toMatchObject({
        code: 'WRONG_KEY_USAGE',
      });
      await expect(
        verifySignedXml(signWith(KEYS.signRevoked2022), { ...options, purpose: 'AUTH' }),
      ).rejects.toMatchObject({
        code: 'WRONG_KEY_USAGE',
      });
    });
  });

  describe('the Kalkan-signed document (2021 SIGN key, expired 2022-01-18)', () => {
    it('verifies cryptographically: digest, signature value and content', () => {
      const xml = fixtureText(KALKAN_XML);
      const doc = parseXmlSafely(xml);
      const elements = readSignatureElements(doc);
      expect(checkXmlSignature(doc, elements, decodeSignerCertificate(elements.certificateBase64))).toBe(
        '<a><b>test</b></a>',
      );
    });

    it('is refused as expired at 2022-06-01, after passing steps 1–6', async () => {
      await expect(
        verifySignedXml(fixtureText(KALKAN_XML), { ...options, expectedContent: '<a><b>test</b></a>' }),
      ).rejects.toMatchObject({
        code: 'CERTIFICATE_EXPIRED',
        details: {
          reason: 'signer certificate is not valid at the verification instant',
          notAfter: '2022-01-18T13:09:14.000Z',
        },
      });
    });

    it('fails closed at 2021-06-01: the only CRL starts 2022-03-29 and the recorded OCSP answer is from 2022', async () => {
      const revocation = await testRevocationChecker(recordedOcsp());
      await expect(
        verifySignedXml(fixtureText(KALKAN_XML), { ...options, now: new Date('2021-06-01T00:00:00Z'), revocation }),
      ).rejects.toMatchObject({
        code: 'REVOCATION_UNAVAILABLE',
        details: {
          ocsp: 'OCSP: responder certificate is not valid now',
          crl: 'CRL: none is valid at the verification instant',
        },
      });
    });
  });

  it('refuses the 2018 production-CA keys as expired (pinned historical production anchors)', async () => {
    const trust = historicalProductionTrustStore();
    for (const [key, purpose] of [
      [KEYS.prodSign2018, 'SIGN'],
      [KEYS.prodAuth2018, 'AUTH'],
    ] as const) {
      await expect(verifySignedXml(signWith(key), { ...options, purpose, trust })).rejects.toMatchObject({
        code: 'CERTIFICATE_EXPIRED',
        details: { notAfter: '2019-08-22T12:11:36.000Z' },
      });
    }
  });

  it('refuses the mitwork 2023 keys as untrusted (their CA «ҰҚО 3.0 (RSA TEST)» is not configured)', async () => {
    for (const [key, purpose] of [
      [KEYS.mitworkAuth2023, 'AUTH'],
      [KEYS.mitworkSign2023, 'SIGN'],
      [KEYS.mitworkLegalAuth2023, 'AUTH'],
    ] as const) {
      await expect(
        verifySignedXml(signWith(key), { ...options, purpose, now: new Date('2024-01-01T00:00:00Z') }),
      ).rejects.toMatchObject({
        code: 'CERTIFICATE_UNTRUSTED',
        details: { reason: 'chain does not end at a configured anchor' },
      });
    }
  });

  it('reads the legal-entity profile of the mitwork CEO certificate and refuses it where an individual is required', () => {
    const ceo = parseCertificate(openP12(KEYS.mitworkLegalAuth2023).certPem);
    expect(checkKeyPurpose(ceo, 'AUTH', 'legal')).toEqual({ subjectType: 'legal', legalRole: 'FIRST_HEAD' });
    expect(() => checkKeyPurpose(ceo, 'AUTH', 'individual')).toThrow(
      expect.objectContaining({
        code: 'WRONG_KEY_USAGE',
        details: expect.objectContaining({ required: 'individual', actual: 'legal' }),
      }),
    );
  });

  it('refuses the GOST documents as UNSUPPORTED_ALGORITHM, naming GOST', async () => {
    await expect(
      verifySignedXml(fixtureText('xml-signed/mitwork_signed_gost2015_legal_testcert.xml'), options),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_ALGORITHM',
      details: {
        reason: 'GOST algorithms are not supported (SignatureMethod); sign with an RSA key',
        algorithm: 'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512',
      },
    });
  });

  it('refuses a GOST certificate behind RSA algorithm URIs as UNSUPPORTED_ALGORITHM', async () => {
    const gost = fixtureText('certs-test/ceo_gost2004_sign_2022.pem').replace(/-----[A-Z ]+-----|\s/g, '');
    const xml = signWith(KEYS.signRevoked2022).replace(/<ds:X509Certificate>[^<]+/, `<ds:X509Certificate>${gost}`);
    await expect(verifySignedXml(xml, options)).rejects.toMatchObject({
      code: 'UNSUPPORTED_ALGORITHM',
      details: { reason: 'certificate key is GOST (1.2.398.3.10.1.1.1.1); only RSA is supported' },
    });
  });

  it('refuses the two-signature document (RSA then GOST): exactly one Signature is accepted', async () => {
    await expect(
      verifySignedXml(fixtureText('xml-signed/ncanode_signed_rsa_then_gost2015.xml'), options),
    ).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
      details: { reason: 'expected exactly one Signature', signatures: 2 },
    });
  });
});
