import { SignJWT } from 'jose';
import { GatewayCredentialSigner, GatewayCredentialVerifier, subgraphAudience } from './gateway-credential';

describe('the gateway credential', () => {
  const secret = 'gateway-secret-for-tests-0123456789abcdef';
  const now = new Date('2026-09-01T10:00:00Z');
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const signer = new GatewayCredentialSigner(secret);
  const identity = new GatewayCredentialVerifier(secret, 'identity');
  const refusal = (message: RegExp) =>
    expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringMatching(message) });

  it('is accepted by the subgraph it names, within its minute', async () => {
    const credential = await signer.sign('identity', now);
    await expect(identity.verify(credential, now)).resolves.toBeUndefined();
    await expect(identity.verify(credential, later(59))).resolves.toBeUndefined();
  });

  it('is minted once for the first half of its life, then anew; each is refused by the clock once expired', async () => {
    const fresh = new GatewayCredentialSigner(secret);
    const first = await fresh.sign('identity', now);
    expect(await fresh.sign('identity', later(29))).toBe(first);
    expect(await fresh.sign('queue', later(29))).not.toBe(first);
    const second = await fresh.sign('identity', later(30));
    expect(second).not.toBe(first);
    // Remembered as verified at first, yet past its life it is looked at afresh and refused.
    await expect(identity.verify(first, later(1))).resolves.toBeUndefined();
    await expect(identity.verify(first, later(66))).rejects.toEqual(refusal(/gateway credential expired/));
    await expect(identity.verify(second, later(66))).resolves.toBeUndefined();
  });

  it('is refused when missing, empty or repeated', async () => {
    for (const missing of [undefined, '', ['a', 'b']]) {
      await expect(identity.verify(missing, now)).rejects.toEqual(refusal(/gateway credential missing/));
    }
  });

  it('is refused once expired', async () => {
    const credential = await signer.sign('identity', now);
    await expect(identity.verify(credential, later(66))).rejects.toEqual(refusal(/gateway credential expired/));
  });

  it('is refused by another subgraph (its audience names the one called)', async () => {
    const credential = await signer.sign('queue', now);
    await expect(identity.verify(credential, now)).rejects.toEqual(refusal(/gateway credential invalid/));
  });

  it('is refused when signed with another secret, or not signed at all', async () => {
    const forged = await new GatewayCredentialSigner('another-secret-of-32-characters-or-more').sign('identity', now);
    await expect(identity.verify(forged, now)).rejects.toEqual(refusal(/gateway credential invalid/));
    const [header, payload] = (await signer.sign('identity', now)).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expect(identity.verify(unsigned, now)).rejects.toEqual(refusal(/invalid/));
    await expect(identity.verify(`${header}.${payload}.`, now)).rejects.toEqual(refusal(/invalid/));
  });

  it('is refused when it claims a longer life than a minute, or comes from the future', async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const sign = (issuedAt: number, expires: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('kezek-gateway')
        .setAudience(subgraphAudience('identity'))
        .setIssuedAt(issuedAt)
        .setExpirationTime(expires)
        .sign(new TextEncoder().encode(secret));
    const longLived = await sign(iat, iat + 3600);
    await expect(identity.verify(longLived, now)).resolves.toBeUndefined();
    await expect(identity.verify(longLived, later(600))).rejects.toEqual(refusal(/expired/));
    const fromTheFuture = await sign(iat + 600, iat + 660);
    await expect(identity.verify(fromTheFuture, now)).rejects.toEqual(refusal(/invalid/));
  });

  it('needs a secret of at least 32 characters', () => {
    expect(() => new GatewayCredentialSigner('short')).toThrow(/GATEWAY_SECRET/);
    expect(() => new GatewayCredentialVerifier('short', 'identity')).toThrow(/GATEWAY_SECRET/);
  });
});
