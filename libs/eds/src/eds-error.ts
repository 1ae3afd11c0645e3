import { DomainError, FixedErrorCode } from '@kezek/errors';

/**
 * Every refusal of this library: the code is the contract, `details.reason` says precisely which
 * check failed (for logs and support), never personal data.
 */
export function refuse(code: FixedErrorCode, reason: string, details: Record<string, unknown> = {}): never {
  throw new DomainError(code, `${code}: ${reason}`, { reason, ...details });
}
