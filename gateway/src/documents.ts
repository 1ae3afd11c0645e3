import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Express, Request, Response } from 'express';
import { AccessTokenVerifier, bearerToken, GATEWAY_CREDENTIAL_HEADER } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { REQUEST_ID_HEADER } from '@kezek/logging';
import { PORTAL_HEADER, Portals } from '@kezek/portals';
import { refuseHttp } from './errors';
import { RateLimiter } from './rate-limit';

/** The root field the public check is limited as, over GraphQL and over GET alike. */
const VERIFY_FIELD = 'verifyDocument';
/** What passes back from queue: the body's type and how a browser may show and keep it. */
const ANSWER_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'x-content-type-options',
];

export interface DocumentRoutes {
  /** queue's base URL (its subgraph URL's origin). */
  queueUrl: string;
  /** The gateway's credential for a call to queue. */
  credential: () => Promise<string>;
  verifier: AccessTokenVerifier;
  rateLimiter: RateLimiter;
  portals: Portals;
  clock: Clock;
  log: (error: unknown) => void;
}

/**
 * The documents' HTTP paths (R22), passed on to queue with the gateway's credential:
 * - `GET /documents/<token>.pdf?lang=kk|ru`: a document's PDF. The token (from `Document.url`)
 *   is queue's to check; a sign-in sent along is checked here first and must be the token's user.
 * - `GET /documents/verify/<code>`: the public check of a printed code (what a QR code opens), JSON,
 *   anonymous and rate-limited like the anonymous GraphQL operations (as `verifyDocument`).
 * Refusals are JSON with a code, like every other answer of the gateway.
 */
export function mountDocumentRoutes(app: Express, o: DocumentRoutes): void {
  const forward = async (req: Request, res: Response, path: string, headers: Record<string, string>) => {
    let answer: globalThis.Response;
    try {
      const url = new URL(path, o.queueUrl);
      url.search = new URL(req.originalUrl, 'http://gateway').search;
      answer = await fetch(url, {
        headers: { ...headers, [REQUEST_ID_HEADER]: String((req as Request & { id?: unknown }).id) },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      o.log(e);
      return refuseHttp(res, 503, 'SERVICE_UNAVAILABLE');
    }
    res.status(answer.status);
    for (const name of ANSWER_HEADERS) {
      const value = answer.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    if (!answer.body) return void res.end();
    Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>).pipe(res);
  };

  app.get('/documents/verify/:code', async (req, res) => {
    const portalId = o.portals.find(req.headers[PORTAL_HEADER])?.id ?? 'public';
    const decision = await o.rateLimiter.hit(new Map([[VERIFY_FIELD, 1]]), {
      address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      portalId,
    });
    if (!decision.allowed) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      return refuseHttp(res, 429, 'RATE_LIMITED', `too many ${VERIFY_FIELD} requests`, {
        field: VERIFY_FIELD,
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    await forward(req, res, `/documents/verify/${encodeURIComponent(req.params.code)}`, {
      [GATEWAY_CREDENTIAL_HEADER]: await o.credential(),
    });
  });

  app.get('/documents/:file', async (req, res) => {
    const headers: Record<string, string> = { [GATEWAY_CREDENTIAL_HEADER]: await o.credential() };
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      if (!token) return refuseHttp(res, 401, 'UNAUTHENTICATED', 'authorization must be "Bearer <accessToken>"');
      try {
        await o.verifier.verify(token, o.clock.now());
      } catch (e) {
        return refuseHttp(res, 401, 'UNAUTHENTICATED', (e as Error).message);
      }
      headers.authorization = authorization;
    }
    await forward(req, res, `/documents/${encodeURIComponent(req.params.file)}`, headers);
  });
}
