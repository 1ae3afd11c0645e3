import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@kezek/errors';

// A document's URL carries a short-lived token signed by queue: the document's id, the user it
// was given to and its expiry, with an HMAC-SHA256 over them (DOCUMENTS_LINK_SECRET). Only queue
// holds the secret; the gateway passes the path on. Format: `<documentId>.<userId>.<exp>.<mac>`,
// exp in Unix seconds, mac base64url.

const VERSION = 'kezek-document-link.v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DocumentGrant {
  documentId: string;
  userId: string;
}

export class DocumentLinkSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    if (secret.length < 32) throw new Error('DOCUMENTS_LINK_SECRET must be at least 32 characters');
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A token for `grant`, valid `ttlSeconds` from `now`. */
  sign(grant: DocumentGrant, now: Date): string {
    const exp = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    return `${grant.documentId}.${grant.userId}.${exp}.${this.mac(grant.documentId, grant.userId, exp)}`;
  }

  /** The grant a token carries; UNAUTHENTICATED when it is malformed, tampered with or expired. */
  verify(token: string, now: Date): DocumentGrant {
    const parts = token.split('.');
    const [documentId, userId, expText, mac] = parts;
    if (parts.length !== 4 || !UUID.test(documentId) || !UUID.test(userId) || !/^\d{1,12}$/.test(expText))
      throw new DomainError('UNAUTHENTICATED', 'document link invalid');
    const expected = Buffer.from(this.mac(documentId, userId, Number(expText)));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new DomainError('UNAUTHENTICATED', 'document link invalid');
    if (Number(expText) * 1000 <= now.getTime()) throw new DomainError('UNAUTHENTICATED', 'document link expired');
    return { documentId, userId };
  }

  private mac(documentId: string, userId: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${VERSION}|${documentId}|${userId}|${exp}`).digest('base64url');
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 20 base32 characters: 100 random bits, printed on the document and encoded in its QR code. */
const VERIFICATION_CODE_LENGTH = 20;

export function newVerificationCode(): string {
  const bytes = randomBytes(VERIFICATION_CODE_LENGTH);
  return Array.from(bytes, (b) => BASE32[b & 31]).join('');
}

/** A code as typed or scanned (case, spaces and dashes aside), or null when it cannot be one. */
export function normalizeVerificationCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return code.length === VERIFICATION_CODE_LENGTH && [...code].every((c) => BASE32.includes(c)) ? code : null;
}
