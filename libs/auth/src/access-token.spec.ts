import { AccessTokenSigner, AccessTokenVerifier, generateTokenKeyPair } from './access-token';
import { Role } from './roles';

const keys = generateTokenKeyPair();
const signer = new AccessTokenSigner(keys.privateKeyPem, 15 * 60);
const at = (iso: string) => new Date(iso);
const parent = { userId: 'u-1', iin: '900101300001', roles: [Role.APPLICANT] };

describe('access tokens', () => {
  it('verify to the principal they were signed for', async () => {
    const { token, tokenId } = await signer.sign(parent, at('2026-12-01T05:00:00Z'));
    const verifier = new AccessTokenVerifier(keys.publicKeyPem);
    const principal = await verifier.verify(token, at('2026-12-01T05:01:00Z'));
    expect(principal).toEqual({ ...parent, scopes: undefined, tokenId });
    expect(Object.isFrozen(principal) && Object.isFrozen(principal.roles)).toBe(true);
  });

  it('expire by the clock even after an earlier verification of the same token', async () => {
    const { token, expiresAt } = await signer.sign(parent, at('2026-12-01T05:00:00Z'));
    const verifier = new AccessTokenVerifier(keys.publicKeyPem);
    await expect(verifier.verify(token, new Date(expiresAt.getTime() - 1))).resolves.toMatchObject({ userId: 'u-1' });
    await expect(verifier.verify(token, expiresAt)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'access token expired',
    });
  });

  it('refuse a token altered in any part, or signed with another key, though its original was verified', async () => {
    const { token } = await signer.sign(parent, at('2026-12-01T05:00:00Z'));
    const verifier = new AccessTokenVerifier(keys.publicKeyPem);
    const now = at('2026-12-01T05:01:00Z');
    await verifier.verify(token, now);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const admin = Buffer.from(JSON.stringify({ ...claims, roles: [Role.ADMIN] })).toString('base64url');
    for (const altered of [
      `${header}.${admin}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}AA`,
      (await new AccessTokenSigner(generateTokenKeyPair().privateKeyPem).sign(parent, now)).token,
    ])
      await expect(verifier.verify(altered, now)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'access token invalid',
      });
  });
});
