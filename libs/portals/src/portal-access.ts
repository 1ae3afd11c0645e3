import { createHash, timingSafeEqual } from 'node:crypto';
import type { Portal } from './portals';

/** The header a portal's servers present their key in. */
export const PORTAL_KEY_HEADER = 'x-kezek-portal-key';

/** The SHA-256 (hex) a portal's key is registered as (`keyHashes`): the registry never holds a key. */
export const portalKeyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Whether a browser page at `origin` may call for `portal`: one of its registered origins, or the
 * gateway's own (the playground), which `host` (the request's Host header) names.
 */
export function originAllowed(portal: Portal, origin: string, host: string | undefined): boolean {
  return isOwnOrigin(origin, host) || portal.origins.includes(origin);
}

/** A preflight names no portal (its headers are not sent): any portal's origin may ask. */
export function originOfAnyPortal(portals: readonly Portal[], origin: string, host: string | undefined): boolean {
  return isOwnOrigin(origin, host) || portals.some((p) => p.origins.includes(origin));
}

function isOwnOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Whether a request may name `portal`: any, unless it registered keys; then one of them, compared in constant time. */
export function keyAccepted(portal: Portal, key: string | undefined): boolean {
  if (portal.keyHashes.length === 0) return true;
  if (!key) return false;
  const given = Buffer.from(portalKeyHash(key), 'hex');
  return portal.keyHashes.some((h) => timingSafeEqual(Buffer.from(h, 'hex'), given));
}
