import { webcrypto } from 'node:crypto';
import { BasicConstraintsExtension, Extension, X509CertificateGenerator } from '@peculiar/x509';
import { VerifyOptions, loadTrustStore, signLikeNcaLayer, verifySignedXml } from '../src';
import { PKI_TIMEOUT_MS, SyntheticLeaf, SyntheticPki } from './synthetic-pki';

/**
 * Each attack starts from a document that verifies; only the attack changes, and each is refused
 * with its own code and reason.
 */
const PREPARED =
  '<signingRequest action="extendReferral"><nonce>c0ffee</nonce><referral>R-2026-0001</referral><days>30</days></signingRequest>';
const NOW = new Date('2022-06-01T00:00:00Z');

describe('EDS verification under attack', () => {
  let pki: SyntheticPki;
  let stranger: SyntheticPki;
  let signKey: SyntheticLeaf;
  let options: VerifyOptions;
  let signed: string;

  beforeAll(async () => {
    [pki, stranger] = await Promise.all([SyntheticPki.create(), SyntheticPki.create()]);
    signKey = await pki.leaf({ purpose: 'SIGN', subject: 'individual' });
    const revocation = pki.revocationChecker();
    await revocation.seedCrl(
      await pki.crl({ number: 1, thisUpdate: new Date('2022-05-01'), nextUpdate: new Date('2022-07-01') }),
    );
    options = {
      purpose: 'SIGN',
      subject: 'individual',
      now: NOW,
      trust: pki.trustStore(true),
      revocation,
      expectedContent: PREPARED,
      expectedIin: '900101300017',
    };
    signed = signLikeNcaLayer(PREPARED, signKey.keyPem, signKey.certPem);
  }, PKI_TIMEOUT_MS);

  const refused = (xml: string, code: string, reason: string, extra: Partial<VerifyOptions> = {}) =>
    expect(verifySignedXml(xml, { ...options, ...extra })).rejects.toMatchObject({ code, details: { reason } });
  const signature = () => /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
  /** The signed document with another certificate in KeyInfo (PEM or DER). */
  const withCertificate = (cert: string | Uint8Array) =>
    signed.replace(
      /<ds:X509Certificate>[^<]+/,
      `<ds:X509Certificate>${typeof cert === 'string' ? cert.replace(/-----[A-Z ]+-----|\s/g, '') : Buffer.from(cert).toString('base64')}`,
    );
  const payload = () => signed.replace(signature(), '');

  it('accepts the untouched document and returns the content only as the verifier authenticated it', async () => {
    const result = await verifySignedXml(signed, options);
    expect(result.signedContent).toBe(PREPARED);
    expect(result.signer).toMatchObject({ iin: '900101300017', keyPurpose: 'SIGN', subjectType: 'individual' });
    expect(result.revocation).toMatchObject({ source: 'CRL', status: 'good', crlNumber: '1' });
  });

  it('does not let an inserted comment change the signed content (URI="" drops comments)', async () => {
    const withComment = signed.replace('<days>', '<!-- days: 9999 --><days>');
    await expect(verifySignedXml(withComment, options)).resolves.toMatchObject({ signedContent: PREPARED });
  });

  describe('signature wrapping', () => {
    it('refuses the Signature moved inside the payload', async () => {
      const moved = payload().replace('<nonce>', `${signature()}<nonce>`);
      await refused(moved, 'SIGNATURE_INVALID', 'Signature must be the last child of the document element');
    });

    it('refuses the signed document wrapped under a new root beside an unsigned copy', async () => {
      const evil = PREPARED.replace('<days>30</days>', '<days>365</days>');
      await refused(
        `<envelope>${evil}${signed}</envelope>`,
        'SIGNATURE_INVALID',
        'Signature must be the last child of the document element',
      );
    });

    it('refuses a second, unsigned copy of the payload inside the signed root', async () => {
      const evil = PREPARED.replace('<days>30</days>', '<days>365</days>');
      await refused(
        signed.replace('<nonce>', `${evil}<nonce>`),
        'SIGNATURE_INVALID',
        'digest of the signed content does not match DigestValue',
      );
    });

    it('refuses elements after the Signature', async () => {
      await refused(
        signed.replace('</ds:Signature>', '</ds:Signature><days>365</days>'),
        'SIGNATURE_INVALID',
        'Signature must be the last child of the document element',
      );
    });

    it('finds Signatures by namespace, not by prefix', async () => {
      const second = signed.replace(
        '<nonce>',
        '<sig:Signature xmlns:sig="http://www.w3.org/2000/09/xmldsig#"/><nonce>',
      );
      await expect(verifySignedXml(second, options)).rejects.toMatchObject({
        code: 'SIGNATURE_INVALID',
        details: { reason: 'expected exactly one Signature', signatures: 2 },
      });
    });

    it('refuses XMLDSig elements outside the Signature', async () => {
      const stray = signed.replace('<nonce>', '<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/><nonce>');
      await refused(stray, 'SIGNATURE_INVALID', 'XMLDSig element outside the Signature');
    });
  });

  describe('tampering', () => {
    it('refuses a changed payload', async () => {
      await refused(
        signed.replace('<days>30</days>', '<days>365</days>'),
        'SIGNATURE_INVALID',
        'digest of the signed content does not match DigestValue',
      );
    });

    it('refuses a changed SignatureValue', async () => {
      const tampered = signed.replace(
        /<ds:SignatureValue>(.)/,
        (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`,
      );
      await refused(tampered, 'SIGNATURE_INVALID', 'signature value does not verify with the KeyInfo certificate');
    });

    it('refuses a comment inside DigestValue', async () => {
      await refused(
        signed.replace(/<ds:DigestValue>(.{4})/, '<ds:DigestValue>$1<!-- x -->'),
        'SIGNATURE_INVALID',
        'DigestValue must contain only text',
      );
    });

    it('refuses a valid document signed for other content than the server prepared', async () => {
      const other = signLikeNcaLayer(PREPARED.replace('c0ffee', 'decade'), signKey.keyPem, signKey.certPem);
      await refused(other, 'SIGNATURE_INVALID', 'signed content differs from the prepared document');
    });

    it('refuses a KeyInfo certificate that did not make the signature', async () => {
      const otherKey = await pki.leaf({ purpose: 'SIGN', subject: 'individual', serialNumber: '0badc0de' });
      const foreign = await stranger.leaf({ purpose: 'SIGN', subject: 'individual' });
      const resigned = signLikeNcaLayer(PREPARED, foreign.keyPem, foreign.certPem).replace(
        /<ds:X509Certificate>[^<]+/,
        `<ds:X509Certificate>${otherKey.certPem.replace(/-----[A-Z ]+-----|\s/g, '')}`,
      );
      await refused(resigned, 'SIGNATURE_INVALID', 'signature value does not verify with the KeyInfo certificate');
    });
  });

  describe('structure', () => {
    it('refuses several References', async () => {
      const reference = /<ds:Reference[\s\S]*<\/ds:Reference>/.exec(signed)![0];
      await refused(
        signed.replace(reference, reference + reference),
        'SIGNATURE_INVALID',
        'expected exactly one Reference',
      );
    });

    it('refuses a Reference to anything but the whole document', async () => {
      await refused(
        signed.replace('<ds:Reference URI="">', '<ds:Reference URI="#x">'),
        'SIGNATURE_INVALID',
        'the Reference must have URI="" and nothing else',
      );
    });

    it('refuses Object (and the Manifest it would carry)', async () => {
      const object =
        '<ds:Object><ds:Manifest><ds:Reference URI="#a"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>';
      await refused(
        signed.replace('</ds:KeyInfo>', `</ds:KeyInfo>${object}`),
        'SIGNATURE_INVALID',
        'Object is not allowed in Signature',
      );
    });

    it('refuses RetrievalMethod', async () => {
      await refused(
        signed.replace('<ds:KeyInfo>', '<ds:KeyInfo><ds:RetrievalMethod URI="http://evil.test/cert"/>'),
        'SIGNATURE_INVALID',
        'RetrievalMethod is not allowed in KeyInfo',
      );
    });

    it('refuses two X509Certificates', async () => {
      const cert = /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/.exec(signed)![0];
      await refused(signed.replace(cert, cert + cert), 'SIGNATURE_INVALID', 'expected exactly one X509Certificate');
    });

    it('refuses algorithms NCALayer does not use', async () => {
      await refused(
        signed.replace('xmlenc#sha256', 'xmlenc#sha512'),
        'UNSUPPORTED_ALGORITHM',
        'DigestMethod algorithm is not the one NCALayer uses for RSA',
      );
    });

    it.each([
      ['CanonicalizationMethod', 'REC-xml-c14n-20010315"', 'REC-xml-c14n-20010315#WithComments"'],
      ['Transform', 'REC-xml-c14n-20010315#WithComments', 'REC-xml-c14n-20010315'],
      ['SignatureMethod', 'xmldsig-more#rsa-sha256', 'xmldsig-more#rsa-sha512'],
    ])('refuses a %s other than NCALayer’s', async (element, from, to) => {
      expect(signed).toContain(from);
      await refused(
        signed.replace(from, to),
        'UNSUPPORTED_ALGORITHM',
        `${element} algorithm is not the one NCALayer uses for RSA`,
      );
    });
  });

  describe('parsing', () => {
    it('refuses billion laughs before parsing', async () => {
      const bomb =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
        signed.replace('<nonce>c0ffee', '<nonce>&lol2;');
      await refused(bomb, 'SIGNATURE_INVALID', 'DOCTYPE and entity declarations are not allowed');
    });

    it('refuses an external entity', async () => {
      const xxe = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed.replace('c0ffee', '&x;')}`;
      await refused(xxe, 'SIGNATURE_INVALID', 'DOCTYPE and entity declarations are not allowed');
    });

    it('refuses oversized input', async () => {
      await refused(signed, 'SIGNATURE_INVALID', 'document is too large', { maxBytes: 1024 });
    });

    it('refuses malformed XML and non-UTF-8 declarations', async () => {
      await refused(signed.replace('</signingRequest>', ''), 'SIGNATURE_INVALID', 'document is not well-formed XML');
      // xmldom throws (a DOMException, not a parse error) on CDATA beside the root element.
      await refused(`${signed}<![CDATA[x]]>`, 'SIGNATURE_INVALID', 'document is not well-formed XML');
      await refused(
        `<?xml version="1.0" encoding="windows-1251"?>${signed}`,
        'SIGNATURE_INVALID',
        'document must be UTF-8',
      );
      await refused(
        signed.replace('c0ffee', 'c0ffee\uD800'),
        'SIGNATURE_INVALID',
        'document is not valid UTF-8 (lone surrogate)',
      );
    });
  });

  describe('the KeyInfo certificate (step 3)', () => {
    const selfSigned = async (modulusLength: number, hash: string) => {
      const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength };
      const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      return X509CertificateGenerator.createSelfSigned({ name: 'CN=WEAK TEST', keys, signingAlgorithm: algorithm });
    };

    it(
      'refuses an RSA key shorter than 2048 bits and a certificate not signed with SHA-256',
      async () => {
        await refused(
          withCertificate((await selfSigned(1024, 'SHA-256')).toString('pem')),
          'UNSUPPORTED_ALGORITHM',
          'RSA key shorter than 2048 bits',
        );
        await refused(
          withCertificate((await selfSigned(2048, 'SHA-1')).toString('pem')),
          'UNSUPPORTED_ALGORITHM',
          'certificate signature algorithm RSASSA-PKCS1-v1_5 is not supported',
        );
      },
      PKI_TIMEOUT_MS,
    );

    it('refuses a certificate that is not base64 or not a certificate', async () => {
      await refused(
        signed.replace(/<ds:X509Certificate>[^<]+/, '<ds:X509Certificate>not*base64'),
        'SIGNATURE_INVALID',
        'X509Certificate is not base64',
      );
      await refused(
        withCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])),
        'SIGNATURE_INVALID',
        'X509Certificate cannot be decoded',
      );
    });
  });

  describe('the chain (steps 6 and 7)', () => {
    it('refuses a certificate whose own signature by the CA does not verify', async () => {
      // Same key, names and AKI, so steps 1–5 pass; only the CA's signature over it is broken.
      const forged = new Uint8Array(signKey.cert.rawData);
      forged[forged.length - 1] ^= 0x01;
      await refused(withCertificate(forged), 'CERTIFICATE_UNTRUSTED', 'certificate signature does not verify');
    });

    it('refuses a valid signer certificate when its issuing CA has expired', async () => {
      const outliving = await pki.leaf({
        purpose: 'SIGN',
        subject: 'individual',
        notAfter: new Date('2031-01-01T00:00:00Z'),
      });
      await refused(
        signLikeNcaLayer(PREPARED, outliving.keyPem, outliving.certPem),
        'CERTIFICATE_EXPIRED',
        'issuing CA certificate is not valid at the verification instant',
        { now: new Date('2030-06-01T00:00:00Z') },
      );
    });
  });

  describe('the wrong signer', () => {
    it('refuses an AUTH key for SIGN and a SIGN key for AUTH', async () => {
      const authKey = await pki.leaf({ purpose: 'AUTH', subject: 'individual' });
      await refused(
        signLikeNcaLayer(PREPARED, authKey.keyPem, authKey.certPem),
        'WRONG_KEY_USAGE',
        'keyUsage does not allow SIGN',
      );
      await refused(signed, 'WRONG_KEY_USAGE', 'keyUsage does not allow AUTH', { purpose: 'AUTH' });
    });

    it('refuses a legal-entity certificate where an individual is required, accepts it as legal', async () => {
      const ceo = await pki.leaf({ purpose: 'SIGN', subject: 'legal', role: '1.2.398.3.3.4.1.2.1' });
      const xml = signLikeNcaLayer(PREPARED, ceo.keyPem, ceo.certPem);
      await refused(xml, 'WRONG_KEY_USAGE', 'the signer must be an individual');
      const result = await verifySignedXml(xml, { ...options, subject: 'legal', expectedBin: '123456789021' });
      expect(result.signer).toMatchObject({ subjectType: 'legal', legalRole: 'FIRST_HEAD', bin: '123456789021' });
    });

    it('refuses another person and another organisation as SIGNER_MISMATCH', async () => {
      await refused(signed, 'SIGNER_MISMATCH', 'IIN differs from the expected signer', { expectedIin: '900101300025' });
      const ceo = await pki.leaf({ purpose: 'SIGN', subject: 'legal' });
      await refused(
        signLikeNcaLayer(PREPARED, ceo.keyPem, ceo.certPem),
        'SIGNER_MISMATCH',
        'BIN differs from the expected organisation',
        {
          subject: 'legal',
          expectedBin: '990340000019',
        },
      );
    });

    it('refuses a CA certificate as the signer', async () => {
      const ca = await pki.leaf({
        purpose: 'SIGN',
        subject: 'individual',
        extensions: [new BasicConstraintsExtension(true, undefined, true)],
      });
      await refused(
        signLikeNcaLayer(PREPARED, ca.keyPem, ca.certPem),
        'WRONG_KEY_USAGE',
        'a CA certificate cannot sign',
      );
    });

    it('refuses an unknown critical extension', async () => {
      const odd = await pki.leaf({
        purpose: 'SIGN',
        subject: 'individual',
        extensions: [new Extension('1.2.3.4.5', true, new Uint8Array([5, 0]))],
      });
      await refused(
        signLikeNcaLayer(PREPARED, odd.keyPem, odd.certPem),
        'WRONG_KEY_USAGE',
        'unknown critical extension',
      );
    });

    it('refuses an expired certificate and one not yet valid', async () => {
      const old = await pki.leaf({
        purpose: 'SIGN',
        subject: 'individual',
        notAfter: new Date('2022-05-31T23:59:59Z'),
      });
      await refused(
        signLikeNcaLayer(PREPARED, old.keyPem, old.certPem),
        'CERTIFICATE_EXPIRED',
        'signer certificate is not valid at the verification instant',
      );
      const early = await pki.leaf({
        purpose: 'SIGN',
        subject: 'individual',
        notBefore: new Date('2022-06-02T00:00:00Z'),
      });
      await refused(
        signLikeNcaLayer(PREPARED, early.keyPem, early.certPem),
        'CERTIFICATE_EXPIRED',
        'signer certificate is not valid at the verification instant',
      );
    });

    it('refuses a certificate from another CA, and a partial chain that stops short of the root', async () => {
      const theirs = await stranger.leaf({ purpose: 'SIGN', subject: 'individual' });
      await refused(
        signLikeNcaLayer(PREPARED, theirs.keyPem, theirs.certPem),
        'CERTIFICATE_UNTRUSTED',
        'chain does not end at a configured anchor',
      );
      // Our CA configured as an intermediate under their root: the builder returns [leaf, CA] silently.
      const mixed = loadTrustStore({
        kind: 'test',
        anchors: [{ pem: stranger.root.toString('pem') }],
        intermediates: [{ pem: pki.ca.toString('pem') }],
        enforceIinChecksum: true,
      });
      await refused(signed, 'CERTIFICATE_UNTRUSTED', 'chain does not end at a configured anchor', { trust: mixed });
    });
  });
});
