import { createPublicKey, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/** RSA-2048 with sha256WithRSAEncryption: what NCA's RSA keys and CAs use. */
export const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};

export type KeySource = () => Promise<webcrypto.CryptoKeyPair>;

export const generateRsaKeys: KeySource = () => webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);

export const privateKeyPem = (pkcs8: ArrayBuffer) => `${x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`;

export async function importRsaKeys(pem: string): Promise<webcrypto.CryptoKeyPair> {
  const spki = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), RSA_ALGORITHM, true, ['sign']),
    webcrypto.subtle.importKey('spki', spki, RSA_ALGORITHM, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

let drawn = 0;

/**
 * Generating an RSA-2048 key takes about 0.3 s, most of a test's time. Tests draw keys from a
 * cache in the OS temp directory instead: generated once per machine, and distinct within a
 * process (a process-wide counter), so two CAs or two people in one test never share a key.
 * Never for `.kezek/pki`, whose keys must be its own.
 */
export function cachedRsaKeys(dir = join(tmpdir(), 'kezek-dev-pki-key-cache')): KeySource {
  return async () => {
    const file = join(dir, `rsa2048-${drawn++}.key.pem`);
    if (existsSync(file)) return importRsaKeys(readFileSync(file, 'utf8'));
    const keys = await generateRsaKeys();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Write-then-rename: parallel test workers may fill the same slot; either key is fine.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, privateKeyPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), { mode: 0o600 });
    renameSync(tmp, file);
    return keys;
  };
}
