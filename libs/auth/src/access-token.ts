import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unescapePem } from '@kezek/config';
import { DomainError } from '@kezek/errors';
import { Principal, Role } from './roles';
import { TokenMemo } from './token-memo';

// Access tokens are ES256 JWTs: identity holds the private key, the gateway and every subgraph
// verify with the public key, so no service has to call identity on each request.
const ALG = 'ES256';
const ISSUER = 'kezek-identity';
const AUDIENCE = 'kezek';

export function generateTokenKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** How many verified tokens a process remembers (a token is about 0.6 KB): the newest win. */
const VERIFIED_TOKENS_KEPT = 10_000;

export class AccessTokenVerifier {
  private readonly key: KeyObject;
  /** A parent's page sends its token on every request; an ES256 verification is the dearer part. */
  private readonly verified = new TokenMemo<Principal>(VERIFIED_TOKENS_KEPT);

  constructor(publicKeyPem: string) {
    this.key = createPublicKey(unescapePem(publicKeyPem));
  }

  /** Returns the principal or throws UNAUTHENTICATED; `now` comes from the injected clock. */
  async verify(token: string, now: Date): Promise<Principal> {
    const known = this.verified.get(token, now);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now,
      });
      const roles = (payload.roles as string[] | undefined) ?? [];
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.iin !== 'string' ||
        typeof payload.exp !== 'number' ||
        !roles.every((r) => r in Role)
      ) {
        throw new DomainError('UNAUTHENTICATED', 'malformed access token');
      }
      // Frozen: every request presenting the token is handed this same object.
      const principal: Principal = Object.freeze({
        userId: payload.sub,
        iin: payload.iin,
        roles: Object.freeze(roles) as Role[],
        scopes: payload.scopes as Principal['scopes'],
        tokenId: String(payload.jti ?? ''),
      });
      // No clock tolerance here: these are the bounds jose just applied.
      const from = typeof payload.nbf === 'number' ? payload.nbf * 1000 : -Infinity;
      return this.verified.keep(token, principal, from, payload.exp * 1000);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      const reason = e instanceof errors.JWTExpired ? 'access token expired' : 'access token invalid';
      throw new DomainError('UNAUTHENTICATED', reason);
    }
  }
}

export class AccessTokenSigner {
  private readonly key: KeyObject;

  constructor(
    privateKeyPem: string,
    private readonly ttlSeconds = 15 * 60,
  ) {
    this.key = createPrivateKey(unescapePem(privateKeyPem));
  }

  async sign(
    principal: Omit<Principal, 'tokenId'>,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date; tokenId: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const tokenId = randomUUID();
    const token = await new SignJWT({ iin: principal.iin, roles: principal.roles, scopes: principal.scopes })
      .setProtectedHeader({ alg: ALG })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(tokenId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresAt: new Date((iat + this.ttlSeconds) * 1000), tokenId };
  }
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
