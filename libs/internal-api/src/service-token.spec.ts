import { SignJWT } from 'jose';
import { ServiceAudience, ServiceTokenSigner, ServiceTokenVerifier } from './service-token';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const now = new Date('2026-03-02T05:00:00Z');

describe('service tokens', () => {
  const verifier = new ServiceTokenVerifier(SECRET, ServiceAudience.VacanciesInternal);

  it('accepts a fresh token for the audience and names the caller', async () => {
    const token = await new ServiceTokenSigner(SECRET, 'kezek-queue').sign(ServiceAudience.VacanciesInternal, now);
    await expect(verifier.verify(token, now)).resolves.toEqual({ service: 'kezek-queue' });
  });

  it('refuses a missing, expired, foreign-secret or wrong-audience token', async () => {
    const signer = new ServiceTokenSigner(SECRET, 'kezek-queue', 60);
    await expect(verifier.verify(undefined, now)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const token = await signer.sign(ServiceAudience.VacanciesInternal, now);
    // Verified (and remembered) while fresh, refused by the clock once expired.
    await expect(verifier.verify(token, now)).resolves.toEqual({ service: 'kezek-queue' });
    await expect(verifier.verify(token, new Date(now.getTime() + 61_000))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'service token expired',
    });
    const foreign = await new ServiceTokenSigner(`${SECRET}x`, 'kezek-queue').sign(
      ServiceAudience.VacanciesInternal,
      now,
    );
    await expect(verifier.verify(foreign, now)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const otherAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('kezek-queue')
      .setAudience('kezek')
      .setIssuedAt(now)
      .setExpirationTime(new Date(now.getTime() + 60_000))
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(otherAudience, now)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('is minted once per audience for the first half of its life, then anew', async () => {
    const signer = new ServiceTokenSigner(SECRET, 'kezek-queue', 60);
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    const first = await signer.sign(ServiceAudience.VacanciesInternal, now);
    expect(await signer.sign(ServiceAudience.VacanciesInternal, at(29))).toBe(first);
    expect(await signer.sign(ServiceAudience.IdentityInternal, at(29))).not.toBe(first);
    const second = await signer.sign(ServiceAudience.VacanciesInternal, at(30));
    expect(second).not.toBe(first);
    await expect(verifier.verify(second, at(89))).resolves.toEqual({ service: 'kezek-queue' });
  });

  it('refuses a short secret outright', () => {
    expect(() => new ServiceTokenVerifier('short', ServiceAudience.VacanciesInternal)).toThrow(/32 characters/);
  });
});
