/**
 * System errors of a connection that did not open or broke (Node's `code`): the database (or
 * another service) is not there right now, whatever the request was.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or in recovery),
 * 53300 too_many_connections.
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** What pg and pg-pool say when a connection ends or never comes (they set no code). */
const CONNECTION_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  /** TypeORM's QueryFailedError keeps pg's error here. */
  driverError?: unknown;
  /** AggregateError: Node tries every address of a host name. */
  errors?: unknown;
  /** graphql-js wraps a thrown value that is not an Error (its realm's) in NonErrorThrown. */
  thrownValue?: unknown;
}

/**
 * Whether `error` means a database (or service) connection failed rather than the request: such
 * a request may succeed if retried later, so it answers SERVICE_UNAVAILABLE (503), not a masked
 * 500. Looks through TypeORM's `driverError`, `cause`, AggregateError's `errors` and graphql-js's
 * `thrownValue`.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((m) => m.test(e.message as string))) return true;
  const nested = [e.driverError, e.cause, e.thrownValue, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((n) => n !== error && isConnectionFailure(n, depth + 1));
}

/** The HTTP status of a response carrying these errors when one of them is SERVICE_UNAVAILABLE. */
export function unavailableStatus(errors: ReadonlyArray<{ extensions?: { code?: unknown } }> | undefined) {
  return errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') ? 503 : undefined;
}
