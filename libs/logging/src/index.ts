import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';

/** One request id follows a request through the gateway and every subgraph it reaches. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Paths never written to logs: tokens, IINs, signed XML (their keys may appear anywhere). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
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

/** IINs can also hide inside free text (messages, SQL parameters): mask any 12-digit run. */
export function maskIins(text: string): string {
  return text.replace(IIN_PATTERN, '************');
}

/** The caller's request id when it is a sane token, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** pino-http options shared by the gateway and every service process. */
export function httpLogOptions(base: Record<string, string>, level: string): Options {
  return {
    level,
    base,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskIins(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  };
}
