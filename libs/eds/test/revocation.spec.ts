import { X509CrlReason } from '@peculiar/x509';
import { NcaRevocationChecker, checkOcspResponse, parseCertificate } from '../src';
import { verifyCrl } from '../src/revocation/crl';
import {
  KEYS,
  NCA_RSA_TEST,
  RECORDED_NONCE,
  RECORDED_OCSP,
  TEST_CRL,
  certificatePem,
  describeWithFixtures,
  fixture,
  openP12,
  recordedOcsp,
  testRevocationChecker,
} from './pki-fixtures';
import { PKI_TIMEOUT_MS, SyntheticLeaf, SyntheticPki, requestNonce } from './synthetic-pki';

describeWithFixtures('revocation on real NCA bytes', () => {
  const issuer = () => parseCertificate(certificatePem(NCA_RSA_TEST));
  const sign2021 = () => parseCertificate(openP12(KEYS.sign2021).certPem);
  const at = new Date('2022-09-02T17:00:00Z');
  const check = (der: Uint8Array, overrides: Partial<Parameters<typeof checkOcspResponse>[1]> = {}) =>
    checkOcspResponse(der, {
      certificate: sign2021(),
      issuer: issuer(),
      nonce: RECORDED_NONCE,
      now: at,
      maxAgeMs: 10 * 60_000,
      clockSkewMs: 60_000,
      ...overrides,
    });

  it('accepts the recorded OCSP answer: good, delegated responder issued by «ҰКО 3.0 (RSA TEST)», nonce echoed', async () => {
    await expect(check(fixture(RECORDED_OCSP))).resolves.toEqual({
      status: 'good',
      producedAt: new Date('2022-09-02T16:53:59Z'),
      thisUpdate: new Date('2022-09-02T16:53:59Z'),
      nextUpdate: null,
      revokedAt: null,
      revocationReason: null,
    });
  });

  it('refuses it with another nonce, when stale, or for another certificate', async () => {
    const unavailable = (reason: string) => ({
      code: 'REVOCATION_UNAVAILABLE',
      details: { reason: `OCSP: ${reason}` },
    });
    await expect(check(fixture(RECORDED_OCSP), { nonce: new Uint8Array(8) })).rejects.toMatchObject(
      unavailable('response does not echo our nonce'),
    );
    await expect(check(fixture(RECORDED_OCSP), { now: new Date('2022-09-03T00:00:00Z') })).rejects.toMatchObject(
      unavailable('response is not fresh'),
    );
    const other = parseCertificate(openP12(KEYS.signRevoked2022).certPem);
    await expect(check(fixture(RECORDED_OCSP), { certificate: other })).rejects.toMatchObject(
      unavailable('response is not about this certificate'),
    );
  });

  it('refuses the GOST-signed responses clearly', async () => {
    for (const [file, oid] of [
      ['ocsp-test/ocsp_response_ceo_sign_2004_revoked.bin', '1.2.398.3.10.1.1.1.2'],
      ['ocsp-test/ocsp_response_ceo_2015_revoked.bin', '1.2.398.3.10.1.1.2.3.2'],
      ['ocsp-test/ocsp_response_individual_2015.bin', '1.2.398.3.10.1.1.2.3.2'],
    ]) {
      await expect(check(fixture(file))).rejects.toMatchObject({
        code: 'REVOCATION_UNAVAILABLE',
        details: { reason: `OCSP: response signature is GOST (${oid}); only RSA is supported`, algorithm: oid },
      });
    }
  });

  it('gets the recorded answer through the checker: request to the configured URL, evidence kept raw', async () => {
    const requests: { url: string; body: Uint8Array }[] = [];
    const checker = await testRevocationChecker({
      ...recordedOcsp(requests),
      ocspMaxAgeMs: 10 * 60_000,
      seedCrl: false,
    });
    const evidence = await checker.check(sign2021(), issuer(), at);
    expect(evidence).toMatchObject({ source: 'OCSP', status: 'good', producedAt: new Date('2022-09-02T16:53:59Z') });
    expect(Buffer.from(evidence.ocspResponse!).equals(fixture(RECORDED_OCSP))).toBe(true);
    expect(requests.map((r) => r.url)).toEqual(['http://test.pki.gov.kz/ocsp/']);
    expect(Buffer.from(requestNonce(requests[0].body))).toEqual(Buffer.from(RECORDED_NONCE));
  });

  it(
    'reads the real CRL: signature by the test CA, number 9, 126 entries, certificateHold counts as revoked',
    async () => {
      const crl = await verifyCrl(fixture(TEST_CRL), issuer());
      expect(crl).toMatchObject({ number: 9n, baseNumber: null, thisUpdate: new Date('2022-03-29T04:18:29Z') });
      expect(crl.entries.size).toBe(126);
      expect(crl.entries.get('474C38696D8677A2C8B6E40345A8B04168C0905C')).toMatchObject({ reason: 'certificateHold' });

      const checker = await testRevocationChecker();
      // Only serial and issuer matter to a CRL: a stand-in certificate with the serial of a held one.
      const pki = await SyntheticPki.create();
      const onHold = (
        await pki.leaf({
          purpose: 'SIGN',
          subject: 'individual',
          serialNumber: '474C38696D8677A2C8B6E40345A8B04168C0905C',
        })
      ).cert;
      await expect(checker.check(onHold, issuer(), new Date('2022-06-01T00:00:00Z'))).resolves.toMatchObject({
        source: 'CRL',
        status: 'revoked',
        revocationReason: 'certificateHold',
      });
    },
    PKI_TIMEOUT_MS,
  );

  it('refuses to seed a CRL from a CA that is not configured, or one the CA did not sign', async () => {
    const checker = new NcaRevocationChecker({ authorities: [{ certificate: certificatePem(NCA_RSA_TEST) }] });
    await expect(checker.seedCrl(fixture('crl-test/nca_gost_test.crl'))).rejects.toThrow(
      /not a configured revocation authority/,
    );
    const forged = new Uint8Array(fixture(TEST_CRL));
    forged[forged.length - 5] ^= 0xff;
    await expect(checker.seedCrl(forged)).rejects.toMatchObject({
      details: { reason: 'CRL: signature does not verify' },
    });
  });
});

describe('revocation checker (synthetic NCA: OCSP responder, delta CRLs)', () => {
  const now = new Date('2022-06-01T00:00:00Z');
  let pki: SyntheticPki;
  let leaf: SyntheticLeaf;

  beforeAll(async () => {
    pki = await SyntheticPki.create();
    leaf = await pki.leaf({ purpose: 'SIGN', subject: 'individual', serialNumber: '0a0b0c' });
  }, PKI_TIMEOUT_MS);

  type Answer = Omit<Parameters<SyntheticPki['ocspResponse']>[0], 'cert' | 'nonce'> & { echo?: boolean };
  const responder =
    (answer: Partial<Answer> = {}) =>
    async (_url: string | URL | Request, init?: RequestInit) =>
      new Response(
        await pki.ocspResponse({
          cert: leaf.cert,
          thisUpdate: now,
          ...answer,
          nonce: answer.echo === false ? null : requestNonce(init?.body as Uint8Array),
        }),
      );
  const crl = (number: number, entries: { serialNumber: string; reason?: X509CrlReason }[] = [], baseNumber?: number) =>
    pki.crl({ number, entries, baseNumber, thisUpdate: new Date('2022-05-01'), nextUpdate: new Date('2022-07-01') });

  it('takes OCSP from a delegated responder or the CA itself', async () => {
    for (const signer of ['responder', 'ca'] as const) {
      const checker = pki.revocationChecker({ ocsp: true, fetch: responder({ signer }) });
      await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({ source: 'OCSP', status: 'good' });
    }
  });

  it('finds its answer for a serial number whose DER starts with a zero octet', async () => {
    // 0xff… is written 00 ff …: the CertID carries that zero, X509Certificate.serialNumber does not.
    const high = await pki.leaf({ purpose: 'SIGN', subject: 'individual', serialNumber: 'ff0a0b' });
    expect(high.cert.serialNumber).toBe('ff0a0b');
    const fetch = async (_url: string | URL | Request, init?: RequestInit) =>
      new Response(
        await pki.ocspResponse({ cert: high.cert, thisUpdate: now, nonce: requestNonce(init?.body as Uint8Array) }),
      );
    const checker = pki.revocationChecker({ ocsp: true, fetch });
    await expect(checker.check(high.cert, pki.ca, now)).resolves.toMatchObject({ source: 'OCSP', status: 'good' });
  });

  it('reports OCSP revocations, certificateHold included', async () => {
    const checker = pki.revocationChecker({ ocsp: true, fetch: responder({ status: 'revoked', reason: 6 }) });
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      source: 'OCSP',
      status: 'revoked',
      revocationReason: 'certificateHold',
    });
  });

  it.each([
    ['no nonce echoed', { echo: false }, 'OCSP: response does not echo our nonce'],
    [
      'a responder another CA issued',
      { signer: 'stranger' as const },
      'OCSP: responder is not authorised by the issuing CA',
    ],
    ['an old answer', { thisUpdate: new Date('2022-05-31T23:00:00Z') }, 'OCSP: response is not fresh'],
    ['status unknown', { status: 'unknown' as const }, 'OCSP: responder does not know the certificate'],
  ])('falls back to the CRL on %s, and fails closed without one', async (_case, answer, reason) => {
    const withoutCrl = pki.revocationChecker({ ocsp: true, fetch: responder(answer) });
    await expect(withoutCrl.check(leaf.cert, pki.ca, now)).rejects.toMatchObject({
      code: 'REVOCATION_UNAVAILABLE',
      details: { reason: 'neither OCSP nor a valid CRL is available', ocsp: reason },
    });
    const withCrl = pki.revocationChecker({ ocsp: true, fetch: responder(answer) });
    await withCrl.seedCrl(await crl(1));
    await expect(withCrl.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      source: 'CRL',
      status: 'good',
      ocspFailure: reason,
    });
  });

  describe('OCSP answers reused until their nextUpdate (per issuer and serial)', () => {
    const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
    /** A checker whose responder answers with `answer` and counts the requests it gets. */
    const counted = (answer: Partial<Answer>) => {
      const requests: number[] = [];
      const respond = responder(answer);
      const checker = pki.revocationChecker({
        ocsp: true,
        fetch: (url, init) => {
          requests.push(1);
          return respond(url, init);
        },
      });
      return { checker, requests };
    };

    it('asks once while the answer is valid, and again at its nextUpdate', async () => {
      const { checker, requests } = counted({ nextUpdate: minutes(2) });
      const first = await checker.check(leaf.cert, pki.ca, now);
      await expect(checker.check(leaf.cert, pki.ca, minutes(1))).resolves.toEqual(first);
      expect(requests).toHaveLength(1);
      await checker.check(leaf.cert, pki.ca, minutes(2));
      expect(requests).toHaveLength(2);
    });

    it('never reuses an answer past ocspMaxAgeMs, nor one without nextUpdate (as NCA answers)', async () => {
      const longLived = counted({ nextUpdate: minutes(60) });
      await longLived.checker.check(leaf.cert, pki.ca, now);
      await longLived.checker.check(leaf.cert, pki.ca, minutes(4));
      expect(longLived.requests).toHaveLength(1);
      await expect(longLived.checker.check(leaf.cert, pki.ca, minutes(6))).rejects.toMatchObject({
        code: 'REVOCATION_UNAVAILABLE',
      });
      expect(longLived.requests).toHaveLength(2);

      const open = counted({});
      await open.checker.check(leaf.cert, pki.ca, now);
      await open.checker.check(leaf.cert, pki.ca, now);
      expect(open.requests).toHaveLength(2);
    });

    it('asks for another serial, and asks again after a new CRL arrives', async () => {
      const other = await pki.leaf({ purpose: 'SIGN', subject: 'individual', serialNumber: '0d0e0f' });
      const { checker, requests } = counted({ nextUpdate: minutes(2) });
      await checker.check(leaf.cert, pki.ca, now);
      await checker.check(other.cert, pki.ca, now).catch(() => undefined);
      expect(requests).toHaveLength(2);
      await checker.check(leaf.cert, pki.ca, now);
      expect(requests).toHaveLength(2);
      await checker.seedCrl(await crl(1));
      await checker.check(leaf.cert, pki.ca, now);
      expect(requests).toHaveLength(3);
    });

    it('reports the revocation as soon as a fresh answer says so', async () => {
      let answer: Partial<Answer> = { nextUpdate: minutes(2) };
      const checker = pki.revocationChecker({ ocsp: true, fetch: (url, init) => responder(answer)(url, init) });
      await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({ status: 'good' });
      answer = { thisUpdate: minutes(1), status: 'revoked', reason: 1, nextUpdate: minutes(3) };
      // The good answer holds until its nextUpdate; the next fresh one is the revocation, and it is kept.
      await expect(checker.check(leaf.cert, pki.ca, minutes(1))).resolves.toMatchObject({ status: 'good' });
      await expect(checker.check(leaf.cert, pki.ca, minutes(2))).resolves.toMatchObject({ status: 'revoked' });
      answer = { status: 'good', thisUpdate: minutes(2), nextUpdate: minutes(4) };
      await expect(checker.check(leaf.cert, pki.ca, minutes(2))).resolves.toMatchObject({ status: 'revoked' });
    });
  });

  it('falls back to the CRL when the responder is unreachable', async () => {
    const checker = pki.revocationChecker({ ocsp: true });
    await checker.seedCrl(await crl(1, [{ serialNumber: '0a0b0c', reason: X509CrlReason.keyCompromise }]));
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      source: 'CRL',
      status: 'revoked',
      revocationReason: 'keyCompromise',
      ocspFailure: 'http://ocsp.test/ is unreachable',
    });
  });

  it('applies a delta CRL: new revocations count, removeFromCRL lifts a hold', async () => {
    const checker = pki.revocationChecker();
    await checker.seedCrl(await crl(10, [{ serialNumber: '0a0b0c', reason: X509CrlReason.certificateHold }]));
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      status: 'revoked',
      revocationReason: 'certificateHold',
    });
    await checker.seedCrl(await crl(11, [{ serialNumber: '0a0b0c', reason: X509CrlReason.removeFromCRL }], 10));
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      status: 'good',
      crlNumber: '10',
      deltaCrlNumber: '11',
    });

    const fresh = pki.revocationChecker();
    await fresh.seedCrl(await crl(10));
    await fresh.seedCrl(await crl(12, [{ serialNumber: '0A0B0C', reason: X509CrlReason.superseded }], 10));
    await expect(fresh.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({
      status: 'revoked',
      revocationReason: 'superseded',
    });
  });

  it('ignores a delta CRL built on a newer full CRL than the one it has', async () => {
    const checker = pki.revocationChecker();
    await checker.seedCrl(await crl(10));
    await checker.seedCrl(await crl(21, [{ serialNumber: '0a0b0c' }], 20));
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({ status: 'good', crlNumber: '10' });
  });

  it('refreshes a stale CRL from its configured URL, and fails closed when that fails', async () => {
    const stale = await pki.crl({ number: 1, thisUpdate: new Date('2022-01-01'), nextUpdate: new Date('2022-02-01') });
    const current = await crl(2);
    const urls: string[] = [];
    const checker = pki.revocationChecker({
      crlUrl: 'http://crl.test/nca.crl',
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(current);
      },
    });
    await checker.seedCrl(stale);
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({ source: 'CRL', crlNumber: '2' });
    await expect(checker.check(leaf.cert, pki.ca, now)).resolves.toMatchObject({ crlNumber: '2' });
    expect(urls).toEqual(['http://crl.test/nca.crl']);

    const offline = pki.revocationChecker({ crlUrl: 'http://crl.test/nca.crl' });
    await offline.seedCrl(stale);
    await expect(offline.check(leaf.cert, pki.ca, now)).rejects.toMatchObject({
      code: 'REVOCATION_UNAVAILABLE',
      details: { ocsp: 'OCSP is not configured', crl: 'http://crl.test/nca.crl is unreachable' },
    });
  });

  it('fails closed for an issuer without configured sources', async () => {
    await expect(pki.revocationChecker().check(leaf.cert, pki.root, now)).rejects.toMatchObject({
      code: 'REVOCATION_UNAVAILABLE',
      details: { reason: 'no revocation source is configured for the issuing CA' },
    });
  });
});
