import { DevPkiServer, openTemporaryDevPki, PKI_PATHS, startDevPkiServer, TemporaryDevPki } from '@kezek/dev-pki';
import { loadTrustStore, NcaRevocationChecker, TrustStore, verifySignedXml, VerifyOptions } from '@kezek/eds';
import { makeIin } from '@kezek/iin';
import { signWithEmulator } from './emulator-client';
import { NcaLayerEmulator, startNcaLayerEmulator } from './ncalayer-emulator';

const IIN = makeIin('1994-07-25', 'F', 5510);
const CHALLENGE = '<?xml version="1.0" encoding="UTF-8"?><login><nonce>bm9uY2U=</nonce><portal>astana</portal></login>';

/** The whole dev loop: dev-PKI keys, signed by the emulator, accepted by @kezek/eds with our CA as the only anchor. */
describe('documents signed by the emulator verify through @kezek/eds', () => {
  let t: TemporaryDevPki;
  let server: DevPkiServer;
  let emulator: NcaLayerEmulator;
  let trust: TrustStore;
  let verify: (
    xml: string,
    purpose: 'AUTH' | 'SIGN',
    revocation?: NcaRevocationChecker,
  ) => ReturnType<typeof verifySignedXml>;

  beforeAll(async () => {
    t = await openTemporaryDevPki('2026-03-02T04:00:00Z');
    await t.pki.issue({ iin: IIN, surname: 'ПЕТРОВА', givenName: 'ОЛЬГА', patronymic: 'ИВАНОВНА' });
    [server, emulator] = await Promise.all([
      startDevPkiServer({ pki: t.pki, port: 0 }),
      startNcaLayerEmulator({ pki: t.pki, port: 0, iin: IIN, env: { NODE_ENV: 'test' } }),
    ]);
    const { root, issuing } = t.pki.authority;
    // Dev IINs are valid, so unlike NCA's public test keys the checksum stays enforced.
    trust = loadTrustStore({
      kind: 'test',
      anchors: [{ pem: root.toString('pem') }],
      intermediates: [{ pem: issuing.toString('pem') }],
      enforceIinChecksum: true,
    });
    const revocation = new NcaRevocationChecker({
      authorities: [
        {
          certificate: issuing.toString('pem'),
          ocspUrl: `${server.url}${PKI_PATHS.ocsp}`,
          crlUrl: `${server.url}${PKI_PATHS.crl}`,
        },
      ],
    });
    verify = (xml, purpose, checker = revocation) => {
      const options: VerifyOptions = {
        purpose,
        subject: 'individual',
        now: t.clock.now(),
        trust,
        revocation: checker,
        expectedIin: IIN,
        expectedContent: CHALLENGE,
      };
      return verifySignedXml(xml, options);
    };
  });
  afterAll(async () => {
    await Promise.all([server.close(), emulator.close()]);
    t.remove();
  });

  it('accepts a sign-in signed with the AUTH key, revocation checked by OCSP at the dev server', async () => {
    const verified = await verify(await signWithEmulator(emulator.url, CHALLENGE, { type: 'AUTH' }), 'AUTH');
    expect(verified.signer).toMatchObject({
      iin: IIN,
      surname: 'ПЕТРОВА',
      patronymic: 'ИВАНОВНА',
      subjectType: 'individual',
    });
    expect(verified.revocation).toMatchObject({ source: 'OCSP', status: 'good' });
  });

  it('accepts an action signed with the SIGN key through the basics API', async () => {
    const verified = await verify(
      await signWithEmulator(emulator.url, CHALLENGE, { type: 'SIGN', api: 'basics' }),
      'SIGN',
    );
    expect(verified.signer.iin).toBe(IIN);
  });

  it('refuses the SIGN key for sign-in, and a key revoked at the dev CA (by OCSP and by CRL)', async () => {
    const signed = await signWithEmulator(emulator.url, CHALLENGE, { type: 'SIGN' });
    await expect(verify(signed, 'AUTH')).rejects.toMatchObject({ code: 'WRONG_KEY_USAGE' });
    t.pki.revoke(t.pki.findKey({ iin: IIN, type: 'SIGN' })!.record.serial, 'keyCompromise');
    t.clock.advance(60_000);
    await expect(verify(signed, 'SIGN')).rejects.toMatchObject({ code: 'CERTIFICATE_REVOKED' });
    const crlOnly = new NcaRevocationChecker({
      authorities: [
        {
          certificate: t.pki.authority.issuing.toString('pem'),
          crlUrl: `${server.url}${PKI_PATHS.crl}`,
          deltaCrlUrl: `${server.url}${PKI_PATHS.deltaCrl}`,
        },
      ],
    });
    await expect(verify(signed, 'SIGN', crlOnly)).rejects.toMatchObject({
      code: 'CERTIFICATE_REVOKED',
      details: { source: 'CRL' },
    });
  });
});
