import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeBasicResponse, serialNumberOf } from '../src/revocation/ocsp';
import { FIXTURES, HAS_FIXTURES, fixture } from './pki-fixtures';
import { PKI_TIMEOUT_MS, SyntheticPki } from './synthetic-pki';
import { seededRandom } from '@kezek/seeded-random';

/**
 * decodeBasicResponse splits OCSPResponse and BasicOCSPResponse at their DER element boundaries
 * and lets pkijs decode the parts. Whatever it decodes, pkijs's own decoder of the whole response
 * must decode to the same bytes (what is signed, the signature, the certificates); it may refuse
 * more (BER leniency, trailing bytes), never less.
 */
type Decoded = { status: number; tbs: string; algorithm: string; signature: string; certs: string[] };

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(new Uint8Array(bytes)).toString('hex');
const view = (basic: pkijs.BasicOCSPResponse): Omit<Decoded, 'status'> => ({
  tbs: hex(basic.tbsResponseData.tbsView),
  algorithm: basic.signatureAlgorithm.algorithmId,
  signature: hex(basic.signature.valueBlock.valueHexView),
  certs: (basic.certs ?? []).map((c) => hex((c as pkijs.Certificate).toSchema().toBER())),
});

function ours(der: Uint8Array): Decoded | string {
  const basic = decodeBasicResponse(der);
  return typeof basic === 'string' ? basic : { status: 0, ...view(basic) };
}

function pkijsAlone(der: Uint8Array): Decoded | string {
  try {
    const response = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0 || !response.responseBytes) return `status ${status}`;
    const basic = pkijs.BasicOCSPResponse.fromBER(
      new Uint8Array(response.responseBytes.response.valueBlock.valueHexView),
    );
    return { status, ...view(basic) };
  } catch {
    return 'cannot be decoded';
  }
}

describe('OCSP response decoding agrees with pkijs', () => {
  const responses: { name: string; der: Uint8Array }[] = [];

  beforeAll(async () => {
    const pki = await SyntheticPki.create();
    const leaf = await pki.leaf({ purpose: 'SIGN', subject: 'individual' });
    const thisUpdate = new Date('2022-06-01T00:00:00Z');
    for (const signer of ['responder', 'ca'] as const) {
      for (const status of ['good', 'revoked', 'unknown'] as const) {
        const der = await pki.ocspResponse({ cert: leaf.cert, nonce: new Uint8Array(8), thisUpdate, status, signer });
        responses.push({ name: `synthetic ${signer} ${status}`, der });
      }
    }
    const failed = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 6 }) });
    responses.push({ name: 'unauthorized status', der: new Uint8Array(failed.toSchema().toBER()) });
    if (HAS_FIXTURES) {
      for (const file of readdirSync(path.join(FIXTURES, 'ocsp-test'))) {
        responses.push({ name: file, der: new Uint8Array(fixture(`ocsp-test/${file}`)) });
      }
    }
  }, PKI_TIMEOUT_MS);

  it('decodes every response to the same bytes, and names an error status', () => {
    for (const { name, der } of responses) {
      const decoded = ours(der);
      if (name === 'unauthorized status') expect(decoded).toBe('responder returned error status 6');
      else expect({ name, decoded }).toEqual({ name, decoded: pkijsAlone(der) });
    }
  });

  it('on 1,000 seeded byte flips and truncations: never decodes what pkijs decodes otherwise', () => {
    const rnd = seededRandom(0x0c5b);
    let decoded = 0;
    for (let i = 0; i < 1_000; i++) {
      const { der } = responses[Math.floor(rnd() * responses.length)];
      const mutated = new Uint8Array(der);
      const flips = 1 + Math.floor(rnd() * 3);
      for (let f = 0; f < flips; f++) mutated[Math.floor(rnd() * mutated.length)] = Math.floor(rnd() * 256);
      const input = rnd() < 0.2 ? mutated.subarray(0, Math.floor(rnd() * mutated.length)) : mutated;
      const result = ours(input);
      if (typeof result === 'string') continue;
      decoded++;
      expect(result).toEqual(pkijsAlone(input));
    }
    // Most flips land in the signature or certificate bytes and still decode: the comparison is exercised.
    expect(decoded).toBeGreaterThan(300);
    console.log(
      `[eds] OCSP decoding: 1,000 mutated responses, ${decoded} decoded by both alike, the rest refused by ours`,
    );
  });
});

describe('serialNumberOf', () => {
  const certificates = (dir: string) =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((f) => /\.(cer|pem)$/.test(f))
      .map((f) => {
        const bytes = fixture(path.join(dir, f));
        const pem = bytes.toString('latin1');
        return pem.includes('-----BEGIN') ? Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64') : bytes;
      });

  (HAS_FIXTURES ? it : it.skip)(
    'reads the serial number pkijs reads, octet for octet, from every fixture certificate',
    () => {
      const all = ['ca-test', 'certs-test', 'ca-prod-historical'].flatMap(certificates);
      expect(all.length).toBeGreaterThan(5);
      for (const der of all) {
        const decoded = pkijs.Certificate.fromBER(new Uint8Array(der));
        expect(hex(serialNumberOf(new Uint8Array(der)))).toBe(hex(decoded.serialNumber.valueBlock.valueHexView));
      }
    },
  );

  it('refuses what is not a certificate', () => {
    expect(() => serialNumberOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]))).toThrow();
  });
});
