import { KeyType } from '@kezek/dev-pki';
import { OID } from '@kezek/eds';
import { TWELVE_DIGITS } from '@kezek/iin';
import { z } from 'zod';

/**
 * NCALayer's WebSocket protocol as portals speak it (shapes as captured from NCALayer by
 * sigex-kz/ncalayer-js-client): a version greeting on connect, then one reply per request.
 */
export const NCALAYER_PORT = 13579;
export const NCALAYER_VERSION = '1.4';
/** Some clients ping with this text; NCALayer does not answer it. */
export const HEARTBEAT = '--heartbeat--';

export const MODULE = {
  /** Positional args, replies `{ code: "200", responseObject }` or `{ code: "500", message }`. */
  commonUtils: 'kz.gov.pki.knca.commonUtils',
  /** Named args, replies `{ status: true, body: { result } }` or `{ status: false, code, message }`. */
  basics: 'kz.gov.pki.knca.basics',
  /** Not NCALayer's: stands in for the person choosing a key in NCALayer's dialog. */
  emulator: 'kezek.emulator',
} as const;

/** NCALayer's keyType argument of commonUtils. */
export const NCALAYER_KEY_TYPE: Record<KeyType, string> = { AUTH: 'AUTHENTICATION', SIGN: 'SIGNATURE' };

export const greeting = () => ({ result: { version: NCALAYER_VERSION } });
export const commonUtilsOk = (responseObject: unknown) => ({ responseObject, code: '200' });
export const commonUtilsError = (message: string) => ({ code: '500', message });
export const basicsOk = (result: unknown) => ({ status: true, body: { result } });
export const basicsError = (
  code: 'INVALID_SIGNING_PARAMS' | 'SIGNING_FAILURE' | 'INVOCATION_ERROR',
  message: string,
) => ({ status: false, code, message });
/** What NCALayer's module framework answers for a module nobody registered. */
export const moduleNotFound = () => ({ success: false, errorCode: 'MODULE_NOT_FOUND' });

export const requestSchema = z.object({ module: z.string(), method: z.string(), args: z.unknown() });

/** commonUtils.signXml: [storage, keyType, xml, tbsElementXPath, signatureParentElementXPath]. */
export const signXmlArgs = z.tuple([z.string(), z.string(), z.string()]).rest(z.string());

export const basicsSignArgs = z.object({
  format: z.string(),
  data: z.union([z.string(), z.array(z.string()).min(1)]),
  signerParams: z
    .object({
      extKeyUsageOids: z.array(z.string()).default([]),
      iin: z.string().nullish(),
      bin: z.string().nullish(),
    })
    .default({}),
});

export const selectKeyArgs = z.object({
  iin: z.string().regex(TWELVE_DIGITS, 'an IIN is 12 digits'),
  /** The key to use when a request does not say which (basics without EKU OIDs). */
  type: z.enum(['AUTH', 'SIGN']).optional(),
  bin: z.string().regex(TWELVE_DIGITS, 'a BIN is 12 digits').optional(),
});

/** commonUtils names the key; anything but the two known values lets the person pick any key. */
export function keyTypeOfCommonUtils(keyType: string): KeyType | null {
  if (keyType === NCALAYER_KEY_TYPE.AUTH) return 'AUTH';
  if (keyType === NCALAYER_KEY_TYPE.SIGN) return 'SIGN';
  return null;
}

/** basics filters keys by extended key usage; one purpose OID names the key, none or both do not. */
export function keyTypeOfEkus(oids: readonly string[]): KeyType | null {
  const auth = oids.includes(OID.clientAuth);
  const sign = oids.includes(OID.emailProtection);
  if (auth === sign) return null;
  return auth ? 'AUTH' : 'SIGN';
}
