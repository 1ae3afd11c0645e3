import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

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

/** A request's path as logged: a document link's token grants its PDF for minutes, a GET's query string carries its variables. */
function loggedUrl(url: string | undefined): string {
  return (url ?? '').split('?')[0].replace(/^\/documents\/(?!verify\/)[^/]+\.pdf$/, '/documents/[token].pdf');
}

/** The pino options of every Kezek process: one redaction, one error and request serializer, free text scrubbed. */
export function loggerOptions(base: Record<string, string>, level: string): LoggerOptions {
  return {
    level,
    base,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      err: serializeError,
      error: serializeError,
      // A request by id, method and path only (loggedUrl), its response by status and headers.
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
      }),
      res: pino.stdSerializers.res,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** The one logger factory: the gateway's and every service's (service-runtime). */
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
  aborted: boolean,
  elapsedMs: number,
): 'error' | 'warn' | 'info' | 'debug' {
  if (aborted || statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'warn';
  return elapsedMs >= SLOW_REQUEST_MS ? 'info' : 'debug';
}

/** The caller's request id when it is a sane token, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * The logger of one request: a child bound to the request and its id, made when the request
 * first writes a line. Most requests write none in production (requestLogLevel), and making the
 * child (serialising and redacting the request) cost more than the rest of the logging together.
 * Shaped as nestjs-pino's request store (`logger`, assignable), so Nest's loggers write through it.
 */
export class RequestLog {
  private made?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly req: IncomingMessage,
    private readonly requestId: string,
  ) {}

  get logger(): Logger {
    return (this.made ??= this.root.child({ req: this.req, requestId: this.requestId }));
  }

  set logger(logger: Logger) {
    this.made = logger;
  }
}

/**
 * Express middleware of the gateway and every service: the request id (the caller's or a new
 * one, echoed in the response), and the request's own line at requestLogLevel once it is answered
 * or abandoned — health checks excepted. `within` runs the rest of the request with its RequestLog
 * (the services bind it for Nest's loggers).
 */
export function requestLogging(
  root: Logger,
  within: (log: RequestLog, next: () => void) => void = (_log, next) => next(),
) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
    const id = requestIdOf(req);
    // Where the request's id is read (service-runtime's requestIdOf, the gateway's context, the req serializer).
    (req as { id?: unknown }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const log = new RequestLog(root, req, id);
    if (!(req.url ?? '').startsWith('/health'))
      // 'close' follows 'finish' on every response, and comes alone when the caller went away.
      res.once('close', () => {
        const responseTime = performance.now() - started;
        // Closed before the answer was sent: the caller went away (pino-http's "request aborted").
        const aborted = !res.writableFinished;
        const level = requestLogLevel(res.statusCode, aborted, responseTime);
        if (!root.isLevelEnabled(level)) return;
        const fields = { res, responseTime: Math.round(responseTime) };
        if (aborted) log.logger[level]({ ...fields, err: new Error('request aborted') }, 'request aborted');
        else if (res.statusCode >= 500)
          log.logger[level](
            { ...fields, err: new Error(`failed with status code ${res.statusCode}`) },
            'request errored',
          );
        else log.logger[level](fields, 'request completed');
      });
    within(log, next);
  };
}
