import { PortalPolicy } from '@kezek/policy';
import { ErrorCode, FixedErrorCode, fixedMessages, Messages, PolicyErrorCode, renderMessages } from './error-codes';

/**
 * A refusal the caller can act on. Resolvers throw these; one formatter per process turns them
 * into GraphQL errors with `extensions.code` and `extensions.messages { kk ru en }`. A refusal
 * that states a rule's number is built with the policy that rule was checked against, so its
 * messages show that portal's number.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly messages: Messages;

  constructor(code: FixedErrorCode, detail?: string, details?: Record<string, unknown>);
  constructor(
    code: PolicyErrorCode,
    detail: string | undefined,
    details: Record<string, unknown> | undefined,
    policy: PortalPolicy,
  );
  /** A refusal relayed from another service, with the messages that service rendered. */
  constructor(
    code: ErrorCode,
    detail: string | undefined,
    details: Record<string, unknown> | undefined,
    messages: Messages,
  );
  constructor(
    readonly code: ErrorCode,
    /** Technical detail for logs and the `message` field; the user text comes from the catalogue. */
    detail?: string,
    /** Extra machine-readable facts (field names, limits), never personal data. */
    readonly details?: Record<string, unknown>,
    rendering?: PortalPolicy | Messages,
  ) {
    const messages =
      rendering === undefined
        ? fixedMessages(code as FixedErrorCode)
        : 'kk' in rendering
          ? rendering
          : renderMessages(code, rendering);
    // A refusal is an answer, not a fault: its stack would never serve a diagnosis, yet every
    // refusal answered through GraphQL had one formatted (GraphQLError copies it), through source
    // maps (source-map-support, infra/register.js): 0.11 ms each, 900 times in a release-day race.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail ?? messages.en);
    Error.stackTraceLimit = limit;
    this.messages = messages;
  }
}

/**
 * `make()` with errors created meanwhile capturing no stack frames: for errors that answer rather
 * than diagnose (a refusal, and the GraphQLError that carries it), whose stacks V8 would format
 * through source maps.
 */
export function withoutStackFrames<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (e instanceof Error && e.name === 'DomainError' && 'code' in e);
}

/** Shape of `extensions` for every error we emit. */
export function errorExtensions(code: FixedErrorCode, details?: Record<string, unknown>) {
  return { code, messages: fixedMessages(code), ...(details ? { details } : {}) };
}

/** `extensions` of a refusal: its code with the messages it was built with. */
export function refusalExtensions(error: DomainError) {
  return { code: error.code, messages: error.messages, ...(error.details ? { details: error.details } : {}) };
}
