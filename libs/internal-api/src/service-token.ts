import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { TokenMemo } from '@kezek/auth';
import { DomainError } from '@kezek/errors';

// Service-to-service calls carry a short-lived HS256 JWT signed with a secret the two services
// share (INTERNAL_API_SECRET). The audience names the API called, so a token minted for one
// internal API is refused by another even when they share the secret.
const ALG = 'HS256';

/** Audiences of the internal APIs. */
export const ServiceAudience = {
  VacanciesInternal: 'kezek-vacancies-internal',
  IdentityInternal: 'kezek-identity-internal',
  QueueInternal: 'kezek-queue-internal',
} as const;
export type ServiceAudience = (typeof ServiceAudience)[keyof typeof ServiceAudience];

/** The environment variable both sides validate before boot. */
export const internalApiEnv = {
  INTERNAL_API_SECRET: z.string({ required_error: 'is required' }).min(32, 'must be at least 32 characters'),
};

export interface ServiceCaller {
  /** The calling service (`iss`), e.g. `kezek-queue`. */
  service: string;
}

function key(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('INTERNAL_API_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export class ServiceTokenSigner {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly service: string,
    private readonly ttlSeconds = 60,
  ) {
    this.key = key(secret);
  }

  private readonly minted = new TokenMemo<string>(16);

  /** A token for `audience`, valid `ttlSeconds` from when it was minted; the same one serves the first half of that. */
  async sign(audience: ServiceAudience, now: Date): Promise<string> {
    const kept = this.minted.get(audience, now);
    if (kept) return kept;
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setIssuer(this.service)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
    return this.minted.keep(audience, token, iat * 1000, (iat + this.ttlSeconds / 2) * 1000);
  }
}

export class ServiceTokenVerifier {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly audience: ServiceAudience,
  ) {
    this.key = key(secret);
  }

  private readonly verified = new TokenMemo<ServiceCaller>(64);

  /** The caller, or UNAUTHENTICATED; `now` comes from the injected clock. */
  async verify(token: string | undefined, now: Date): Promise<ServiceCaller> {
    if (!token) throw new DomainError('UNAUTHENTICATED', 'service token missing');
    const known = this.verified.get(token, now);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        audience: this.audience,
        currentDate: now,
        requiredClaims: ['iss', 'exp'],
      });
      // No clock tolerance here: exp is the bound jose just applied.
      return this.verified.keep(token, Object.freeze({ service: payload.iss! }), -Infinity, payload.exp! * 1000);
    } catch (e) {
      throw new DomainError(
        'UNAUTHENTICATED',
        e instanceof errors.JWTExpired ? 'service token expired' : 'service token invalid',
      );
    }
  }
}
