import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
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

  sign(audience: ServiceAudience, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setIssuer(this.service)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
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

  /** The caller, or UNAUTHENTICATED; `now` comes from the injected clock. */
  async verify(token: string | undefined, now: Date): Promise<ServiceCaller> {
    if (!token) throw new DomainError('UNAUTHENTICATED', 'service token missing');
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        audience: this.audience,
        currentDate: now,
        requiredClaims: ['iss', 'exp'],
      });
      return { service: payload.iss! };
    } catch (e) {
      throw new DomainError(
        'UNAUTHENTICATED',
        e instanceof errors.JWTExpired ? 'service token expired' : 'service token invalid',
      );
    }
  }
}
