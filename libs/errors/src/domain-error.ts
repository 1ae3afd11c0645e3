import { ERROR_MESSAGES, ErrorCode, Messages } from './error-codes';

/**
 * A refusal the caller can act on. Resolvers throw these; one formatter per process turns them
 * into GraphQL errors with `extensions.code` and `extensions.messages { kk ru en }`.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly messages: Messages;

  constructor(
    readonly code: ErrorCode,
    /** Technical detail for logs and the `message` field; the user text comes from the catalogue. */
    detail?: string,
    /** Extra machine-readable facts (field names, limits), never personal data. */
    readonly details?: Record<string, unknown>,
  ) {
    super(detail ?? ERROR_MESSAGES[code].en);
    this.messages = ERROR_MESSAGES[code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (e instanceof Error && e.name === 'DomainError' && 'code' in e);
}

/** Shape of `extensions` for every error we emit. */
export function errorExtensions(code: ErrorCode, details?: Record<string, unknown>) {
  return { code, messages: ERROR_MESSAGES[code], ...(details ? { details } : {}) };
}
