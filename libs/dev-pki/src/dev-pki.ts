import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as x509 from '@peculiar/x509';
import { Clock, SystemClock } from '@kezek/clock';
import { isValidBin, isValidIin } from '@kezek/iin';
import { createCertificateAuthority, issueLeafCertificate, KeyedCertificate } from './certificate-authority';
import { CertificateHolder, commonName, KEY_TYPES, KeyType } from './nca-profile';
import { CertificateStatus, respondToOcsp } from './ocsp-responder';
import { toPkcs12 } from './pkcs12-writer';
import { CertificateRecord, INDEX_FILE, PkiIndex, readIndex, RevocationReason, writeIndex } from './pki-index';
import { buildCrl, CrlKind } from './revocation-list';
import { generateRsaKeys, importRsaKeys, KeySource, privateKeyPem } from './rsa-keys';

/** Relative to the working directory (the repository root for npm scripts); git-ignored. */
export const DEFAULT_PKI_DIR = '.kezek/pki';
/** The password NCA's test keys use, so the same habits work with ours. */
export const DEFAULT_P12_PASSWORD = 'Qwerty12';
// Not 4190: it is on the WHATWG fetch "bad ports" list (ManageSieve), which Node's fetch refuses.
export const DEV_PKI_PORT = 4191;
export const DEFAULT_PUBLIC_URL = `http://127.0.0.1:${DEV_PKI_PORT}`;

const CA_FILES = { root: 'ca/root_rsa_dev', issuing: 'ca/nca_rsa_dev' } as const;
const DAY_MS = 24 * 3600 * 1000;
/** NCA's personal certificates are valid for one year. */
const DEFAULT_VALID_DAYS = 365;

export interface DevPkiOptions {
  dir?: string;
  /** Instant of every issuance, revocation, CRL and OCSP answer; tests pass a ManualClock. */
  clock?: Clock;
  /** Base URL written into certificates (CRL, OCSP, CA issuers); read only when the CA is created. */
  publicUrl?: string;
  /** Where key pairs come from; tests use `cachedRsaKeys()`. */
  keys?: KeySource;
}

export interface IssueOptions {
  password?: string;
  types?: readonly KeyType[];
  validDays?: number;
}

/** An index record whose file paths are absolute. */
export type IssuedCertificate = CertificateRecord;

export interface SigningKey {
  record: IssuedCertificate;
  privateKeyPem: string;
  certificatePem: string;
}

/** `AB:CD…`, upper case or with INTEGER padding, as people copy serials from tools. */
export function normalizeSerial(serial: string): string {
  return serial
    .replace(/[\s:]/g, '')
    .toLowerCase()
    .replace(/^(00)+(?=.)/, '');
}

/** The index's records by serial, built once per index read (the OCSP responder asks per request). */
const serials = new WeakMap<Readonly<PkiIndex>, Map<string, CertificateRecord>>();
function bySerial(index: Readonly<PkiIndex>): Map<string, CertificateRecord> {
  let map = serials.get(index);
  if (!map) serials.set(index, (map = new Map(index.certificates.map((r) => [r.serial, r]))));
  return map;
}

function assertHolder(holder: CertificateHolder): void {
  if (!isValidIin(holder.iin))
    throw new Error(`IIN ${holder.iin} is not valid (12 digits, a date, the check digit); use makeIin from @kezek/iin`);
  const bin = holder.organization?.bin;
  if (bin !== undefined && !isValidBin(bin)) {
    throw new Error(`BIN ${bin} is not valid (12 digits with the IIN check digit)`);
  }
  if (!holder.surname.trim() || !holder.givenName.trim()) throw new Error('surname and given name are required');
}

function writeSecret(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, { mode: 0o600 });
}

async function loadKeyed(dir: string, base: string): Promise<KeyedCertificate> {
  const certificate = new x509.X509Certificate(readFileSync(join(dir, `${base}.pem`), 'utf8'));
  const { privateKey } = await importRsaKeys(readFileSync(join(dir, `${base}.key.pem`), 'utf8'));
  return { certificate, privateKey };
}

async function createState(dir: string, at: Date, publicUrl: string, keys: KeySource): Promise<void> {
  const ca = await createCertificateAuthority(at, publicUrl, keys);
  for (const [name, keyed] of [
    [CA_FILES.root, ca.root],
    [CA_FILES.issuing, ca.issuing],
  ] as const) {
    writeSecret(
      join(dir, `${name}.key.pem`),
      privateKeyPem(await webcrypto.subtle.exportKey('pkcs8', keyed.privateKey)),
    );
    writeFileSync(join(dir, `${name}.pem`), `${keyed.certificate.toString('pem')}\n`);
  }
  // The index goes last: its presence is what says the CA exists.
  writeIndex(dir, { version: 1, publicUrl, certificates: [] });
}

/**
 * A local CA in NCA's profile whose state lives in a directory: CA keys and certificates under
 * `ca/`, issued keys under `keys/<IIN>/` (NCA file names: `AUTH_RSA256_<serial>.p12`,
 * `RSA256_<serial>.p12`, plus PEMs), and `index.json`. The index is re-read on every call so the
 * CLI, the dev PKI server and the NCALayer emulator, in different processes, see each other's changes.
 */
export class DevPki {
  private constructor(
    readonly dir: string,
    readonly clock: Clock,
    private readonly keys: KeySource,
    private readonly root: KeyedCertificate,
    private readonly issuing: KeyedCertificate,
  ) {}

  static exists(dir = DEFAULT_PKI_DIR): boolean {
    return existsSync(join(resolve(dir), INDEX_FILE));
  }

  /** Opens the state directory, creating the CA when it is absent. */
  static async open(options: DevPkiOptions = {}): Promise<DevPki> {
    const dir = resolve(options.dir ?? DEFAULT_PKI_DIR);
    const clock = options.clock ?? new SystemClock();
    const keys = options.keys ?? generateRsaKeys;
    if (!DevPki.exists(dir)) await createState(dir, clock.now(), options.publicUrl ?? DEFAULT_PUBLIC_URL, keys);
    const [root, issuing] = await Promise.all([loadKeyed(dir, CA_FILES.root), loadKeyed(dir, CA_FILES.issuing)]);
    return new DevPki(dir, clock, keys, root, issuing);
  }

  /** Root and issuing CA certificates, for trust stores (the root is the anchor). */
  get authority(): { root: x509.X509Certificate; issuing: x509.X509Certificate } {
    return { root: this.root.certificate, issuing: this.issuing.certificate };
  }

  /** PEM files of the CA certificates, for services configured with a trust store on disk. */
  get authorityFiles(): { root: string; issuing: string } {
    return { root: join(this.dir, `${CA_FILES.root}.pem`), issuing: join(this.dir, `${CA_FILES.issuing}.pem`) };
  }

  get publicUrl(): string {
    return readIndex(this.dir).publicUrl;
  }

  /** Issues AUTH and SIGN keys (or `options.types`) for one holder, key pairs generated in parallel. */
  async issue(
    holder: CertificateHolder,
    options: IssueOptions = {},
  ): Promise<Partial<Record<KeyType, IssuedCertificate>>> {
    assertHolder(holder);
    const at = this.clock.now();
    const { publicUrl } = readIndex(this.dir);
    const records = await Promise.all(
      (options.types ?? KEY_TYPES).map((type) => this.issueKey(holder, type, at, publicUrl, options)),
    );
    this.update((index) => index.certificates.push(...records));
    return Object.fromEntries(records.map((r) => [r.type, this.absolute(r)]));
  }

  revoke(serial: string, reason: RevocationReason = 'unspecified'): IssuedCertificate {
    const wanted = normalizeSerial(serial);
    return this.update((index) => {
      const record = index.certificates.find((r) => r.serial === wanted);
      if (!record) throw new Error(`no certificate with serial ${serial} in ${this.dir}`);
      if (record.revocation) throw new Error(`certificate ${serial} was already revoked at ${record.revocation.at}`);
      record.revocation = { at: this.clock.now().toISOString(), reason };
      return this.absolute(record);
    });
  }

  list(): IssuedCertificate[] {
    return readIndex(this.dir).certificates.map((r) => this.absolute(r));
  }

  /**
   * The key NCALayer would offer for this person and purpose: the holder's own (individual) key
   * unless a BIN is asked for, the newest first. Revoked and expired keys are offered too, as
   * NCALayer does; refusing them is the verifier's job.
   */
  findKey(query: { iin: string; type: KeyType; bin?: string }): SigningKey | null {
    const [best] = this.list()
      .reverse()
      .filter((r) => r.iin === query.iin && r.type === query.type && (query.bin === undefined || r.bin === query.bin))
      .sort(
        (a, b) => Number(a.bin !== undefined) - Number(b.bin !== undefined) || b.notBefore.localeCompare(a.notBefore),
      );
    if (!best) return null;
    return {
      record: best,
      certificatePem: readFileSync(best.files.certificate, 'utf8'),
      privateKeyPem: readFileSync(best.files.privateKey, 'utf8'),
    };
  }

  /** DER CRL of the issuing CA at `at` (full, or delta against the day's base). */
  async crl(kind: CrlKind, at = this.clock.now()): Promise<Buffer<ArrayBuffer>> {
    const revoked = this.list().flatMap((r) =>
      r.revocation ? [{ serial: r.serial, revokedAt: new Date(r.revocation.at), reason: r.revocation.reason }] : [],
    );
    return Buffer.from((await buildCrl(this.issuing, revoked, at, kind)).rawData);
  }

  /** DER OCSP response to a DER OCSP request, as of `at`. */
  async respondOcsp(requestDer: Uint8Array, at = this.clock.now()): Promise<Buffer<ArrayBuffer>> {
    const records = bySerial(readIndex(this.dir));
    const statusOf = (serial: string): CertificateStatus => {
      const record = records.get(serial);
      if (!record) return { status: 'unknown' };
      const revocation = record.revocation;
      if (!revocation || new Date(revocation.at) > at) return { status: 'good' };
      return { status: 'revoked', revokedAt: new Date(revocation.at), reason: revocation.reason };
    };
    return respondToOcsp(requestDer, this.issuing, statusOf, at);
  }

  private async issueKey(
    holder: CertificateHolder,
    type: KeyType,
    at: Date,
    publicUrl: string,
    options: IssueOptions,
  ): Promise<CertificateRecord> {
    const keys = await this.keys();
    const notAfter = new Date(at.getTime() + (options.validDays ?? DEFAULT_VALID_DAYS) * DAY_MS);
    const certificate = await issueLeafCertificate(this.issuing, {
      holder,
      type,
      publicKey: keys.publicKey,
      notBefore: at,
      notAfter,
      publicUrl,
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    const serial = normalizeSerial(certificate.serialNumber);
    const base = join('keys', holder.iin, `${type === 'AUTH' ? 'AUTH_' : ''}RSA256_${serial}`);
    const files = { p12: `${base}.p12`, certificate: `${base}.pem`, privateKey: `${base}.key.pem` };
    writeSecret(join(this.dir, files.p12), toPkcs12(pkcs8, certificate, options.password ?? DEFAULT_P12_PASSWORD));
    writeSecret(join(this.dir, files.privateKey), privateKeyPem(pkcs8));
    writeFileSync(join(this.dir, files.certificate), `${certificate.toString('pem')}\n`);
    return {
      serial,
      type,
      iin: holder.iin,
      commonName: commonName(holder),
      ...(holder.organization ? { bin: holder.organization.bin } : {}),
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      files,
    };
  }

  /** Synchronous read-modify-write: nothing else in this process can run in between. */
  private update<T>(mutate: (index: PkiIndex) => T): T {
    const index = structuredClone(readIndex(this.dir)) as PkiIndex;
    const result = mutate(index);
    writeIndex(this.dir, index);
    return result;
  }

  private absolute(record: CertificateRecord): IssuedCertificate {
    const at = (file: string) => join(this.dir, file);
    return {
      ...record,
      files: {
        p12: at(record.files.p12),
        certificate: at(record.files.certificate),
        privateKey: at(record.files.privateKey),
      },
    };
  }
}
