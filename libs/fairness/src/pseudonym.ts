import { createHmac } from 'node:crypto';

/**
 * A child's name in the public log: HMAC-SHA256 under the portal's secret key of its application
 * number without the version (`УО.2026.000123`), so a re-registration (R18: `.1` → `.2`) keeps
 * it. Whoever holds the number learns it from the service; numbers are sequential, so without
 * the key nobody can compute anyone's pseudonym. 128 bits, hex.
 */
export function pseudonym(key: Buffer, applicationNumber: string): string {
  const stable = applicationNumber.replace(/\.\d+$/, '');
  return createHmac('sha256', key).update(`kezek-allocation-log.v1|${stable}`, 'utf8').digest('hex').slice(0, 32);
}
