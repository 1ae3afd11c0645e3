import { X509CrlReason } from '@peculiar/x509';
import { VerifyOptions, signLikeNcaLayer, verifySignedXml } from '../src';
import { BoundedCache } from '../src/memo';
import { PKI_TIMEOUT_MS, SYNTHETIC_TO, SyntheticLeaf, SyntheticPki } from './synthetic-pki';

describe('BoundedCache', () => {
  it('keeps the most recently used entries and evicts the least recently used', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    cache.delete('a');
    cache.clear();
    expect(cache.get('c')).toBeUndefined();
  });
});

/**
 * What is cached is only what never changes (a decoded certificate, a checked chain link): the
 * checks that depend on the instant, the operation, the caller or fresh revocation data still run
 * on every verification of the same certificate.
 */
describe('a verified certificate, verified again', () => {
  const PREPARED = '<kezekSigning version="1"><action>extendReferral</action><nonce>n1</nonce></kezekSigning>';
  const NOW = new Date('2022-06-01T00:00:00Z');
  let pki: SyntheticPki;
  let signKey: SyntheticLeaf;
  let signed: string;
  let options: VerifyOptions;
  let revocation: ReturnType<SyntheticPki['revocationChecker']>;

  beforeAll(async () => {
    pki = await SyntheticPki.create();
    signKey = await pki.leaf({ purpose: 'SIGN', subject: 'individual', serialNumber: '0c0ffee0' });
    signed = signLikeNcaLayer(PREPARED, signKey.keyPem, signKey.certPem);
    revocation = pki.revocationChecker();
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
    await verifySignedXml(signed, options);
  }, PKI_TIMEOUT_MS);

  it('is still judged at the instant, for the operation and the caller', async () => {
    await expect(verifySignedXml(signed, options)).resolves.toMatchObject({ signedContent: PREPARED });
    const after = new Date(SYNTHETIC_TO.getTime() + 1000);
    await expect(verifySignedXml(signed, { ...options, now: after })).rejects.toMatchObject({
      code: 'CERTIFICATE_EXPIRED',
    });
    await expect(verifySignedXml(signed, { ...options, purpose: 'AUTH' })).rejects.toMatchObject({
      code: 'WRONG_KEY_USAGE',
    });
    await expect(verifySignedXml(signed, { ...options, subject: 'legal' })).rejects.toMatchObject({
      code: 'WRONG_KEY_USAGE',
    });
    await expect(verifySignedXml(signed, { ...options, expectedIin: '900101300025' })).rejects.toMatchObject({
      code: 'SIGNER_MISMATCH',
    });
  });

  it(
    'is refused by a trust store that does not chain it, and as revoked once a new CRL lists it',
    async () => {
      const elsewhere = await SyntheticPki.create();
      await expect(verifySignedXml(signed, { ...options, trust: elsewhere.trustStore(true) })).rejects.toMatchObject({
        code: 'CERTIFICATE_UNTRUSTED',
      });
      await revocation.seedCrl(
        await pki.crl({
          number: 2,
          thisUpdate: new Date('2022-05-15'),
          nextUpdate: new Date('2022-07-01'),
          entries: [{ serialNumber: '0c0ffee0', reason: X509CrlReason.keyCompromise }],
        }),
      );
      await expect(verifySignedXml(signed, options)).rejects.toMatchObject({ code: 'CERTIFICATE_REVOKED' });
    },
    PKI_TIMEOUT_MS,
  );
});
