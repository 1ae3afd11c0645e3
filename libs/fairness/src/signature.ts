import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './chain';

/** A portal's chain as it stood at the end of an Almaty day: its last entry then. */
export interface DayHead {
  portalId: string;
  /** YYYY-MM-DD, Almaty. */
  day: string;
  seq: number;
  hash: string;
}

const signedBytes = (head: DayHead) =>
  Buffer.from(canonicalJson({ portalId: head.portalId, day: head.day, seq: head.seq, hash: head.hash }), 'utf8');

/** Ed25519 signature (base64url) of a day's head. */
export function signDayHead(head: DayHead, privateKey: KeyObject): string {
  return sign(null, signedBytes(head), privateKey).toString('base64url');
}

/** Whether `signature` is the key's (PEM, SPKI) over exactly this head. */
export function verifyDayHead(head: DayHead, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, signedBytes(head), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
