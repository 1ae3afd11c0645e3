import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorExtensions } from './domain-error';
import { FixedErrorCode, fixedMessages } from './error-codes';

/** An error answered outside GraphQL execution (body parsing, content type), in the GraphQL JSON shape. */
export interface HttpErrorResponse {
  status: number;
  body: { errors: Array<{ message: string; extensions: ReturnType<typeof errorExtensions> }> };
}

export function httpErrorResponse(
  code: FixedErrorCode,
  status: number,
  message?: string,
  details?: Record<string, unknown>,
): HttpErrorResponse {
  return {
    status,
    body: { errors: [{ message: message ?? fixedMessages(code).en, extensions: errorExtensions(code, details) }] },
  };
}

/**
 * Answers what Node's HTTP parser refuses before any framework runs (a request line or headers
 * over the limit, malformed HTTP), in the GraphQL JSON shape instead of a bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && !socket.readable)) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const { status, body } = tooLarge
    ? httpErrorResponse('PAYLOAD_TOO_LARGE', 431, 'The request line or headers are too large.')
    : httpErrorResponse('BAD_REQUEST', 400, 'The request is not valid HTTP.');
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
      `Connection: close\r\n\r\n${json}`,
  );
}

/** What body-parser (and Express) attach to the errors they raise. */
interface RequestError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  limit?: unknown;
}

/**
 * The answer to an error raised before GraphQL runs: body-parser's refusals are the caller's
 * (400, 413, 415) with a fixed message (theirs quote the body); anything else is `unexpected`, a
 * masked 500 the caller logs. Never a stack or a file path.
 */
export function requestErrorResponse(error: unknown): HttpErrorResponse & { unexpected: boolean } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestError;
  const status = Number(e.status ?? e.statusCode);
  switch (e.type) {
    case 'entity.parse.failed':
      return { ...httpErrorResponse('BAD_REQUEST', 400, 'The request body is not valid JSON.'), unexpected: false };
    case 'entity.too.large':
      return {
        ...httpErrorResponse('PAYLOAD_TOO_LARGE', 413, `The request body is larger than ${Number(e.limit)} bytes.`),
        unexpected: false,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        ...httpErrorResponse('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body must be UTF-8 JSON.'),
        unexpected: false,
      };
  }
  if (status >= 400 && status < 500) return { ...httpErrorResponse('BAD_REQUEST', status), unexpected: false };
  return { ...httpErrorResponse('INTERNAL_SERVER_ERROR', 500), unexpected: true };
}

/** `POST` bodies of the GraphQL and internal endpoints are JSON; anything else is refused with 415. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Answers with an error in the GraphQL JSON shape, on Node's response (no framework needed). */
export function sendHttpError(res: ServerResponse, answer: HttpErrorResponse): void {
  res.statusCode = answer.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(answer.body));
}

/**
 * Express error middleware (four arguments) of every Kezek HTTP process: errors raised before
 * GraphQL or a controller runs (body-parser's) answer in the GraphQL JSON shape, not Express's
 * HTML page with its stack. Only unexpected ones are logged, without the request body.
 */
export function requestErrorHandler(log: (error: unknown) => void) {
  return (error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (res.headersSent) return next(error);
    const answer = requestErrorResponse(error);
    if (answer.unexpected) log(error);
    sendHttpError(res, answer);
  };
}

/** Express middleware: a `POST` whose body is not JSON is refused with 415 before anything reads it. */
export function requireJsonBody() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.method === 'POST' && !isJsonContentType(req.headers['content-type']))
      return sendHttpError(res, httpErrorResponse('UNSUPPORTED_MEDIA_TYPE', 415));
    next();
  };
}

/** Express middleware at the end of the chain: an unknown path answers 404 in the same shape. */
export function notFoundHandler() {
  return (_req: IncomingMessage, res: ServerResponse): void =>
    sendHttpError(res, httpErrorResponse('NOT_FOUND', 404, 'No such endpoint.'));
}

/**
 * Apollo's, graphql-js's and federation's codes for a request the caller got wrong: unparsable,
 * invalid against the schema, a bad variable, or an operation name the document does not have
 * (Apollo's OPERATION_RESOLUTION_FAILURE; the gateway's own resolution says INVALID_GRAPHQL).
 * Each is answered as VALIDATION_FAILED, never as an internal error.
 */
const GRAPHQL_INPUT_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'INVALID_GRAPHQL',
]);

export const isGraphqlInputError = (code: unknown): boolean => GRAPHQL_INPUT_ERRORS.has(code as string);

/**
 * A GraphQL input error's message without the value the caller sent: graphql-js quotes it
 * (`Variable "$x" got invalid value {…}; …`), and it may be a signed document or a token.
 */
export function inputErrorMessage(message: string): string {
  const variable = /^Variable "\$(\w+)" got invalid value/.exec(message)?.[1];
  return variable ? `Variable "$${variable}" has an invalid value.` : message;
}
