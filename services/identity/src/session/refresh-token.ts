import { createHash, randomBytes } from 'node:crypto';

/** Refresh tokens live 30 days from their last rotation; access tokens 15 minutes (AccessTokenSigner). */
export const REFRESH_TTL_MS = 30 * 24 * 3600_000;

/** 256 random bits; the client keeps the token, we keep only its hash. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
