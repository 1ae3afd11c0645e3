import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DomainError } from '@kezek/errors';
import { TokenMemo } from './token-memo';

// Subgraphs answer graph traffic only from the gateway: on every subgraph request the gateway
// sends a short-lived HS256 JWT signed with GATEWAY_SECRET, whose audience names the subgraph
// called, so a credential seen on the way to one subgraph is refused by the others. A caller on
// the cluster network without the secret is refused before any resolver runs.
const ALG = 'HS256';
const ISSUER = 'kezek-gateway';
const TTL_SECONDS = 60;
/** Clocks of the gateway's and the subgraph's hosts may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** The header that carries the gateway credential. */
export const GATEWAY_CREDENTIAL_HEADER = 'x-kezek-gateway';

/** The environment variable the gateway and every subgraph validate before boot. */
export const gatewayCredentialEnv = {
  GATEWAY_SECRET: z.string({ required_error: 'is required' }).min(32, 'must be at least 32 characters'),
};

/** Audience of a subgraph's credential. */
export const subgraphAudience = (subgraph: string) => `kezek-subgraph-${subgraph}`;

function key(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('GATEWAY_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/** The gateway's side (and `npm run compose`'s, which reads each subgraph's SDL). */
export class GatewayCredentialSigner {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = TTL_SECONDS,
  ) {
    this.key = key(secret);
  }

  private readonly minted = new TokenMemo<string>(64);

  /**
   * A credential for calls to `subgraph` (its name in the supergraph), valid `ttlSeconds` from
   * when it was minted; the same one is presented for the first half of that.
   */
  async sign(subgraph: string, now: Date): Promise<string> {
    const kept = this.minted.get(subgraph, now);
    if (kept) return kept;
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setIssuer(ISSUER)
      .setAudience(subgraphAudience(subgraph))
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
    return this.minted.keep(subgraph, token, iat * 1000, (iat + this.ttlSeconds / 2) * 1000);
  }
}

/** A subgraph's side: checks the credential of every request before its resolvers run. */
export class GatewayCredentialVerifier {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly subgraph: string,
  ) {
    this.key = key(secret);
  }

  private readonly verified = new TokenMemo<true>(64);

  /** Resolves when `credential` is the gateway's for this subgraph; else UNAUTHENTICATED. */
  async verify(credential: string | string[] | undefined, now: Date): Promise<void> {
    if (typeof credential !== 'string' || credential === '') {
      throw new DomainError('UNAUTHENTICATED', 'subgraphs answer only the gateway: gateway credential missing');
    }
    if (this.verified.get(credential, now)) return;
    try {
      const { payload } = await jwtVerify(credential, this.key, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: subgraphAudience(this.subgraph),
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: TTL_SECONDS + CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['iat', 'exp'],
      });
      // Remembered from its issue to its expiry or its maximum age, without the tolerance: a
      // narrower window than the one just checked.
      const iat = payload.iat! * 1000;
      this.verified.keep(credential, true, iat, Math.min(payload.exp! * 1000, iat + TTL_SECONDS * 1000));
    } catch (e) {
      throw new DomainError(
        'UNAUTHENTICATED',
        e instanceof errors.JWTExpired ? 'gateway credential expired' : 'gateway credential invalid',
      );
    }
  }
}
