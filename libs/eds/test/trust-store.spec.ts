import { loadTrustStore, parseCertificate } from '../src';
import {
  KEYS,
  certificatePem,
  describeWithFixtures,
  historicalProductionTrustStore,
  openP12,
  sha256,
} from './pki-fixtures';

describeWithFixtures('loadTrustStore', () => {
  const testRoot = () => certificatePem('ca-test/root_rsa_test.pem');
  const prodRoot = () => certificatePem('ca-prod-historical/root_rsa_2015.cer');

  it('pins production anchors to their SHA-256', () => {
    expect(historicalProductionTrustStore().kind).toBe('production');
    const pem = prodRoot();
    expect(() => loadTrustStore({ kind: 'production', anchors: [{ pem }], enforceIinChecksum: true })).toThrow(
      /needs a pinned SHA-256/,
    );
    const wrong = sha256(testRoot());
    expect(() =>
      loadTrustStore({ kind: 'production', anchors: [{ pem, sha256: wrong }], enforceIinChecksum: true }),
    ).toThrow(/does not match its pinned SHA-256/);
    const colons = sha256(pem).toUpperCase().match(/../g)!.join(':');
    expect(
      loadTrustStore({ kind: 'production', anchors: [{ pem, sha256: colons }], enforceIinChecksum: true }).anchors,
    ).toHaveLength(1);
  });

  it('never mixes test and production certificates', () => {
    const pem = testRoot();
    expect(() =>
      loadTrustStore({ kind: 'production', anchors: [{ pem, sha256: sha256(pem) }], enforceIinChecksum: true }),
    ).toThrow(/TEST certificate .* in a production store/);
    expect(() => loadTrustStore({ kind: 'test', anchors: [{ pem: prodRoot() }], enforceIinChecksum: false })).toThrow(
      /production certificate .* in a test store/,
    );
    expect(() =>
      loadTrustStore({
        kind: 'test',
        anchors: [{ pem }],
        intermediates: [{ pem: certificatePem('ca-prod-historical/nca_rsa_2018.cer') }],
        enforceIinChecksum: false,
      }),
    ).toThrow(/production certificate .* in a test store/);
  });

  it('takes only CA certificates as anchors', () => {
    expect(() =>
      loadTrustStore({
        kind: 'test',
        anchors: [{ pem: certificatePem('certs-test/individual_rsa_sign_2022.pem') }],
        enforceIinChecksum: false,
      }),
    ).toThrow(/is not a CA/);
  });

  it('builds the historical production chain to its pinned root', async () => {
    const chain = await historicalProductionTrustStore().buildChain(
      parseCertificate(openP12(KEYS.prodSign2018).certPem),
    );
    expect(chain.map((c) => c.subject)).toEqual([
      expect.stringContaining('ТЕСТОВ ТЕСТ'),
      'C=KZ, CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)',
      'CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA), O=РМК «МЕМЛЕКЕТТІК ТЕХНИКАЛЫҚ ҚЫЗМЕТ», C=KZ',
    ]);
  });
});
