import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { Options } from 'pino-http';

/** One request id follows a request through the gateway and every subgraph it reaches. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Paths never written to logs: tokens, IINs, signed XML (their keys may appear anywhere). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  // The gateway's credential to the subgraphs (GATEWAY_SECRET-signed, valid for a minute).
  'req.headers["x-kezek-gateway"]',
  // A portal's server key (libs/portals PORTAL_KEY_HEADER).
  'req.headers["x-kezek-portal-key"]',
  '*.authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.iin',
  '*.childIin',
  '*.signedXml',
  '*.xml',
  '*.password',
  'variables',
  '*.variables',
];

const IIN_PATTERN = /\b\d{12}\b/g;
/** A JWT (access, refresh or internal token): three base64url parts, the first a JSON header. */
const TOKEN_PATTERN = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
/** XML (signed documents, their certificates): from a tag to the last closing tag. */
const XML_PATTERN = /<(?:\?xml|[A-Za-z][\w.:-]*)[^<>]*>[\s\S]*<\/[\w.:-]+>/g;
/** GraphQL's and Apollo's variable coercion messages quote the value the caller sent. */
const INVALID_VALUE_PATTERN =
  /(\b(?:got invalid value|cannot represent[^:]*:|Expected value of type [^,]*, found))[^\n]*/gi;

/** IINs can also hide inside free text (messages, SQL parameters): mask any 12-digit run. */
export function maskIins(text: string): string {
  return text.replace(IIN_PATTERN, '************');
}

/** Free text made safe to log: IINs masked; tokens, XML and quoted variable values dropped. */
export function scrub(text: string): string {
  return maskIins(
    text
      .replace(INVALID_VALUE_PATTERN, '$1 [redacted]')
      .replace(XML_PATTERN, '[xml]')
      .replace(TOKEN_PATTERN, '[token]'),
  );
}

/**
 * An error as it is logged: its type, scrubbed message and stack, and a GraphQL code if any.
 * Never its other fields: a GraphQLError carries the query's source, the caller's variables in
 * its extensions or original error, body-parser's the body.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrub(String(error)) };
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  const original = (error as { originalError?: unknown }).originalError;
  return {
    type: error.constructor?.name ?? error.name,
    message: scrub(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: scrub(error.stack) } : {}),
    ...(original instanceof Error && original !== error ? { cause: serializeError(original) } : {}),
  };
}

/** The pino options of every Kezek process: one redaction, one error serializer, free text scrubbed. */
export function loggerOptions(base: Record<string, string>, level: string): LoggerOptions {
  return {
    level,
    base,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** The one logger factory: the gateway's logger, and (through httpLogOptions) every service's. */
export function createLogger(
  base: Record<string, string>,
  level: string,
  destination: DestinationStream = logDestination(),
): Logger {
  return pino(loggerOptions(base, level), destination);
}

/**
 * Standard output, written asynchronously: a request never waits for its log line to reach the
 * pipe (pino flushes what is buffered when the process exits). With a file, every line goes there
 * and standard output keeps warnings and errors: `npm start` then reads one short stream per
 * process instead of every line of every process.
 */
export function logDestination(file?: string): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: false });
  if (!file) return stdout;
  return pino.multistream([
    { level: 'trace', stream: pino.destination({ dest: file, sync: false, mkdir: true }) },
    { level: 'warn', stream: stdout },
  ]);
}

/** A request slower than this is logged at info even when it succeeded. */
export const SLOW_REQUEST_MS = 1000;

/**
 * The level of a request's own log line: failures at error or warn, slow requests at info, the
 * rest at debug — so production (info) writes a line per failed or slow request only. Under load
 * a line per request cost more than many requests' own work.
 */
export function requestLogLevel(
  statusCode: number,
  failed: boolean,
  elapsedMs: number,
): 'error' | 'warn' | 'info' | 'debug' {
  if (failed || statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'warn';
  return elapsedMs >= SLOW_REQUEST_MS ? 'info' : 'debug';
}

const startedAt = new WeakMap<IncomingMessage, number>();

/** The caller's request id when it is a sane token, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * pino-http options shared by the gateway and every service process: loggerOptions, request ids,
 * each request's line at requestLogLevel, and requests logged by method and path only (a GET's query string carries its variables, a
 * document link's path its token).
 */
export function httpLogOptions(base: Record<string, string>, level: string): Options {
  const options = loggerOptions(base, level);
  return {
    ...options,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      startedAt.set(req, performance.now());
      const id = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) =>
      requestLogLevel(
        res.statusCode,
        error !== undefined,
        performance.now() - (startedAt.get(req) ?? performance.now()),
      ),
    serializers: {
      ...options.serializers,
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // A document link's token grants its PDF for minutes: its path is logged without it.
        url: (req.url ?? '').split('?')[0].replace(/^\/documents\/(?!verify\/)[^/]+\.pdf$/, '/documents/[token].pdf'),
      }),
    },
  };
}
