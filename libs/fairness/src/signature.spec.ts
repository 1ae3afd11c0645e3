import { generateKeyPairSync } from 'node:crypto';
import { signDayHead, verifyDayHead } from './signature';

describe('day head signature', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const head = { portalId: 'almaty', day: '2026-03-02', seq: 42, hash: 'a'.repeat(64) };

  it('verifies with the public key and fails for any other head or key', () => {
    const signature = signDayHead(head, privateKey);
    expect(verifyDayHead(head, signature, pem)).toBe(true);
    expect(verifyDayHead({ ...head, seq: 41 }, signature, pem)).toBe(false);
    expect(verifyDayHead({ ...head, hash: 'b'.repeat(64) }, signature, pem)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyDayHead(head, signature, other)).toBe(false);
    expect(verifyDayHead(head, 'not-a-signature', pem)).toBe(false);
  });
});
