import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as forge from 'node-forge';
import { X509Certificate } from '@peculiar/x509';
import { NcaRevocationChecker, RevocationCheckerOptions, TrustStore, loadTrustStore } from '../src';

/** The shared NCA material lives beside the repository (`../shared/pki-fixtures`), never inside it. */
export const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'shared', 'pki-fixtures');
export const HAS_FIXTURES = existsSync(path.join(FIXTURES, 'README.md'));

/** `describe`, or `describe.skip` with a note when the shared fixtures are not there. */
export function describeWithFixtures(name: string, body: () => void): void {
  if (HAS_FIXTURES) {
    describe(name, body);
    return;
  }
  console.warn(`[eds] ${name}: skipped, NCA fixtures not found at ${FIXTURES}`);
  describe.skip(name, body);
}

/** Verification instant at which the test RSA chain and the 2022 certificates are valid. */
export const AT_2022_06_01 = new Date('2022-06-01T00:00:00Z');
export const TEST_IIN = '123456789011';

export function fixture(relative: string): Buffer {
  return readFileSync(path.join(FIXTURES, relative));
}

export function fixtureText(relative: string): string {
  return fixture(relative).toString('utf8');
}

/** PEM of a fixture certificate stored as PEM or DER. */
export function certificatePem(relative: string): string {
  const bytes = fixture(relative);
  return bytes.includes('-----BEGIN')
    ? bytes.toString('utf8')
    : new X509Certificate(new Uint8Array(bytes)).toString('pem');
}

export interface KeyPair {
  keyPem: string;
  certPem: string;
}

const opened = new Map<string, KeyPair>();

/** Opens an NCA .p12 (legacy PBE, so node-forge rather than Node's crypto); slow, so memoised. */
export function openP12(relative: string, password = 'Qwerty12'): KeyPair {
  const cached = opened.get(relative);
  if (cached) return cached;
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(fixture(relative).toString('binary')), password);
  const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]
    ?.key;
  const cert = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
  if (!key || !cert) throw new Error(`${relative}: no RSA key and certificate (GOST containers cannot be opened)`);
  const pair = { keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert) };
  opened.set(relative, pair);
  return pair;
}

export const KEYS = {
  /** Revoked in the test CRL, otherwise valid at 2022-06-01: the only 2022 RSA keys we hold. */
  authRevoked2022: 'keys-test/ncanode_2022_individual_rsa_auth_revoked.p12',
  signRevoked2022: 'keys-test/ncanode_2022_individual_rsa_sign_revoked.p12',
  /** Expired 2022-01-18; the OCSP fixture says "good" for it. */
  sign2021: 'keys-test/ncanode_2021_individual_rsa_sign.p12',
  prodAuth2018: 'keys-test/ncanode_2018_prodca_AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12',
  prodSign2018: 'keys-test/ncanode_2018_prodca_RSA256_8426360556902ce4ac33977836f873e1dc190976.p12',
  mitworkAuth2023: 'keys-test/mitwork_2023_individual_rsa_auth.p12',
  mitworkSign2023: 'keys-test/mitwork_2023_individual_rsa_sign.p12',
  mitworkLegalAuth2023: 'keys-test/mitwork_2023_legal_ceo_rsa_auth.p12',
} as const;

export const NCA_RSA_TEST = 'ca-test/nca_rsa_test.pem';
export const TEST_CRL = 'crl-test/nca_rsa_test.crl';
/** "good" for the 2021 SIGN key, produced 2022-09-02T16:53:59Z by a delegated RSA responder. */
export const RECORDED_OCSP = 'ocsp-test/ocsp_response_individual_sign_2004.bin';
/** The nonce NCANode sent for that response (OcspServiceTest.groovy). */
export const RECORDED_NONCE = Uint8Array.from([0xb5, 0xe5, 0xc9, 0xb5, 0x52, 0xcb, 0xca, 0xc4]);

/** The NCA RSA test chain; the public test IINs fail the checksum, so it is off unless asked for. */
export function testTrustStore(enforceIinChecksum = false): TrustStore {
  return loadTrustStore({
    kind: 'test',
    anchors: [{ pem: certificatePem('ca-test/root_rsa_test.pem') }],
    intermediates: [{ pem: certificatePem(NCA_RSA_TEST) }],
    enforceIinChecksum,
  });
}

/** The historical production RSA chain, pinned as production anchors must be. */
export function historicalProductionTrustStore(): TrustStore {
  const pinned = (relative: string) => {
    const pem = certificatePem(relative);
    return { pem, sha256: sha256(pem) };
  };
  return loadTrustStore({
    kind: 'production',
    anchors: [pinned('ca-prod-historical/root_rsa_2015.cer')],
    intermediates: [pinned('ca-prod-historical/nca_rsa_2018.cer'), pinned('ca-prod-historical/nca_rsa_2015.cer')],
    enforceIinChecksum: true,
  });
}

export function sha256(pem: string): string {
  return createHash('sha256')
    .update(new Uint8Array(new X509Certificate(pem).rawData))
    .digest('hex');
}

/**
 * A checker for the test NCA with no network: the real CRL in its cache (unless `seedCrl: false`)
 * and OCSP only when `ocspUrl` is given (see `recordedOcsp`).
 */
export async function testRevocationChecker({
  ocspUrl,
  seedCrl = true,
  ...options
}: Partial<Omit<RevocationCheckerOptions, 'authorities'>> & {
  ocspUrl?: string;
  seedCrl?: boolean;
} = {}): Promise<NcaRevocationChecker> {
  const checker = new NcaRevocationChecker({
    authorities: [{ certificate: certificatePem(NCA_RSA_TEST), ocspUrl }],
    fetch: () => Promise.reject(new Error('no network in unit tests')),
    ...options,
  });
  if (seedCrl) await checker.seedCrl(fixture(TEST_CRL));
  return checker;
}

/** Checker options whose OCSP responder replays the recorded answer (with its nonce), noting each request. */
export function recordedOcsp(requests: { url: string; body: Uint8Array }[] = []) {
  return {
    ocspUrl: 'http://test.pki.gov.kz/ocsp/',
    nonce: () => RECORDED_NONCE,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(url), body: init?.body as Uint8Array });
      return new Response(new Uint8Array(fixture(RECORDED_OCSP)));
    },
  };
}
