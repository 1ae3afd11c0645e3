import { createHmac, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/** PKCS#8 DER of an Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The key that signs the log's day heads, derived from the secret queue already holds and signs
 * its documents' links with (DOCUMENTS_LINK_SECRET): queue has no private key of its own, and a
 * second secret to deploy would only add a way to lose one. Ed25519, so anyone can verify with
 * the published public key; rotating the secret rotates it (each head keeps the key it was signed with).
 */
export function headSigningKey(secret: string): { privateKey: KeyObject; publicKeyPem: string } {
  const seed = createHmac('sha256', secret).update('kezek-allocation-log-head.v1').digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem };
}
