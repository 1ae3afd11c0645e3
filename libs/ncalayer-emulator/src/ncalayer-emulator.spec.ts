import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { DevPki, IssuedCertificate, KeyType, openTemporaryDevPki, TemporaryDevPki } from '@kezek/dev-pki';
import { makeIin } from '@kezek/iin';
import { connectNcaLayer, NcaLayerConnection, signWithEmulator } from './emulator-client';
import { NcaLayerEmulator, startNcaLayerEmulator } from './ncalayer-emulator';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ALICE = makeIin('1992-04-17', 'F', 1201);
const BOB = makeIin('1989-11-02', 'M', 3407);
const DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?><login><nonce>c2VjcmV0</nonce><time>2026-03-02T04:00:00Z</time></login>';

const certificateBase64 = (issued: IssuedCertificate) =>
  readFileSync(issued.files.certificate, 'utf8').replace(/-----[^-]+-----|\s/g, '');

/** What NCALayer produces: one ds:Signature, last child of the root, with the fixed algorithms and only the signer's certificate. */
function signatureOf(signedXml: string) {
  const root = new DOMParser().parseFromString(signedXml, 'text/xml').documentElement!;
  const signatures = root.getElementsByTagNameNS(DSIG, 'Signature');
  expect(signatures).toHaveLength(1);
  expect(root.lastChild).toBe(signatures[0]);
  const algorithm = (name: string) =>
    Array.from(root.getElementsByTagNameNS(DSIG, name)).map((e) => e.getAttribute('Algorithm'));
  expect(algorithm('CanonicalizationMethod')).toEqual(['http://www.w3.org/TR/2001/REC-xml-c14n-20010315']);
  expect(algorithm('SignatureMethod')).toEqual(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256']);
  expect(algorithm('Transform')).toEqual([
    'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  ]);
  expect(algorithm('DigestMethod')).toEqual(['http://www.w3.org/2001/04/xmlenc#sha256']);
  const references = root.getElementsByTagNameNS(DSIG, 'Reference');
  expect(references).toHaveLength(1);
  expect(references[0].getAttribute('URI')).toBe('');
  const certificates = root.getElementsByTagNameNS(DSIG, 'X509Certificate');
  expect(certificates).toHaveLength(1);
  return { root, certificate: (certificates[0].textContent ?? '').replace(/\s|&#13;/g, '') };
}

describe('NCALayer emulator', () => {
  let t: TemporaryDevPki;
  let keys: Record<string, Partial<Record<KeyType, IssuedCertificate>>>;
  let emulator: NcaLayerEmulator;
  let ncaLayer: NcaLayerConnection;

  beforeAll(async () => {
    t = await openTemporaryDevPki();
    const [alice, bob] = await Promise.all([
      t.pki.issue({ iin: ALICE, surname: 'СЕРІКОВА', givenName: 'АЙГЕРІМ', patronymic: 'БОЛАТҚЫЗЫ' }),
      t.pki.issue({ iin: BOB, surname: 'ЖАНҰЗАҚОВ', givenName: 'ДАНИЯР' }),
    ]);
    keys = { alice, bob };
    emulator = await startNcaLayerEmulator({ pki: t.pki, port: 0, iin: ALICE, env: { NODE_ENV: 'test' } });
    ncaLayer = await connectNcaLayer(emulator.url);
  });
  afterAll(async () => {
    ncaLayer.close();
    await emulator.close();
    t.remove();
  });
  beforeEach(() => emulator.selectKey({ iin: ALICE }));

  it('greets with its version first and reports no hardware tokens, as NCALayer does', async () => {
    expect(ncaLayer.greeting).toEqual({ result: { version: '1.4' } });
    expect(await ncaLayer.call({ module: 'kz.gov.pki.knca.commonUtils', method: 'getActiveTokens' })).toEqual({
      code: '200',
      responseObject: [],
    });
  });

  it('answers commonUtils.signXml AUTHENTICATION with code 200 and the document signed by the AUTH key', async () => {
    const reply = await ncaLayer.call({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'signXml',
      args: ['PKCS12', 'AUTHENTICATION', DOCUMENT, '', ''],
    });
    expect(reply).toEqual({ code: '200', responseObject: expect.any(String) });
    const { root, certificate } = signatureOf(reply.responseObject as string);
    expect(certificate).toBe(certificateBase64(keys.alice.AUTH!));
    expect(root.getElementsByTagName('nonce')[0].textContent).toBe('c2VjcmV0');
  });

  it('answers commonUtils.signXml SIGNATURE with the SIGN key', async () => {
    const reply = await ncaLayer.call({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'signXml',
      args: ['PKCS12', 'SIGNATURE', DOCUMENT, '', ''],
    });
    expect(signatureOf(reply.responseObject as string).certificate).toBe(certificateBase64(keys.alice.SIGN!));
  });

  it('answers basics.sign with status true and an array of signed documents, the key chosen by EKU', async () => {
    const request = (oids: string[]) => ({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        format: 'xml',
        data: DOCUMENT,
        signingParams: { decode: false, encapsulate: true },
        signerParams: { extKeyUsageOids: oids },
        locale: 'ru',
      },
    });
    const auth = await ncaLayer.call(request(['1.3.6.1.5.5.7.3.2']));
    expect(auth).toEqual({ status: true, body: { result: [expect.any(String)] } });
    expect(signatureOf(auth.body!.result![0] as string).certificate).toBe(certificateBase64(keys.alice.AUTH!));
    const sign = await ncaLayer.call(request(['1.3.6.1.5.5.7.3.4']));
    expect(signatureOf(sign.body!.result![0] as string).certificate).toBe(certificateBase64(keys.alice.SIGN!));
  });

  it('signs as signerParams.iin when the portal names the person', async () => {
    const reply = await ncaLayer.call({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        format: 'xml',
        data: [DOCUMENT, DOCUMENT],
        signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], iin: BOB },
      },
    });
    expect(reply.body?.result).toHaveLength(2);
    expect(signatureOf(reply.body!.result![1] as string).certificate).toBe(certificateBase64(keys.bob.SIGN!));
    const unnamed = await ncaLayer.call({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        format: 'xml',
        data: DOCUMENT,
        signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], iin: '', bin: '' },
      },
    });
    expect(signatureOf(unnamed.body!.result![0] as string).certificate).toBe(certificateBase64(keys.alice.SIGN!));
  });

  it('switches person on kezek.emulator/selectKey, and uses its type when the request names none', async () => {
    const selected = await ncaLayer.call({
      module: 'kezek.emulator',
      method: 'selectKey',
      args: { iin: BOB, type: 'AUTH' },
    });
    expect(selected).toEqual({ code: '200', responseObject: { iin: BOB, type: 'AUTH' } });
    const reply = await ncaLayer.call({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: { format: 'xml', data: DOCUMENT, signerParams: { extKeyUsageOids: [] } },
    });
    expect(signatureOf(reply.body!.result![0] as string).certificate).toBe(certificateBase64(keys.bob.AUTH!));
  });

  it('refuses in each module’s error shape: unknown person, bad XML, other formats, unknown modules', async () => {
    emulator.selectKey({ iin: makeIin('2000-01-01', 'M', 1) });
    expect(
      await ncaLayer.call({
        module: 'kz.gov.pki.knca.commonUtils',
        method: 'signXml',
        args: ['PKCS12', 'SIGNATURE', DOCUMENT, '', ''],
      }),
    ).toEqual({
      code: '500',
      message: expect.stringMatching(/no SIGN key for IIN/),
    });
    emulator.selectKey({ iin: ALICE });
    expect(
      await ncaLayer.call({
        module: 'kz.gov.pki.knca.commonUtils',
        method: 'signXml',
        args: ['PKCS12', 'SIGNATURE', '<a><b></a>', '', ''],
      }),
    ).toMatchObject({ code: '500' });
    expect(
      await ncaLayer.call({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: { format: 'cms', data: 'AA==' } }),
    ).toEqual({
      status: false,
      code: 'INVALID_SIGNING_PARAMS',
      message: expect.any(String),
    });
    expect(
      await ncaLayer.call({
        module: 'kz.gov.pki.knca.basics',
        method: 'sign',
        args: { format: 'xml', data: '<a>', signerParams: {} },
      }),
    ).toMatchObject({
      status: false,
      code: 'SIGNING_FAILURE',
    });
    expect(await ncaLayer.call({ module: 'kz.gov.pki.knca.nothing', method: 'x', args: [] })).toEqual({
      success: false,
      errorCode: 'MODULE_NOT_FOUND',
    });
    expect(
      await ncaLayer.call({
        module: 'kezek.emulator',
        method: 'selectKey',
        args: { iin: makeIin('2000-01-01', 'M', 1) },
      }),
    ).toEqual({
      code: '500',
      message: expect.stringMatching(/no keys for IIN/),
    });
  });

  it('signs through the client helper with either API', async () => {
    const viaCommonUtils = await signWithEmulator(emulator.url, DOCUMENT, { type: 'SIGN', iin: BOB });
    expect(signatureOf(viaCommonUtils).certificate).toBe(certificateBase64(keys.bob.SIGN!));
    const viaBasics = await signWithEmulator(emulator.url, DOCUMENT, { type: 'AUTH', api: 'basics' });
    expect(signatureOf(viaBasics).certificate).toBe(certificateBase64(keys.bob.AUTH!));
    await expect(signWithEmulator(emulator.url, DOCUMENT, { type: 'AUTH', iin: '123' })).rejects.toThrow(
      /refused selectKey/,
    );
  });

  it('refuses to start in production', async () => {
    await expect(
      startNcaLayerEmulator({ pki: {} as DevPki, port: 0, env: { NODE_ENV: 'production' } }),
    ).rejects.toThrow(/NODE_ENV=production/);
  });
});
