import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { requestErrorHandler } from '@kezek/errors';

/** Whether a request is POST /graphql with a UTF-8 JSON body of a declared length within `limit`, not encoded. */
export function isDirectGraphqlRequest(req: IncomingMessage, limit: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const { headers } = req;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(headers['content-type'] ?? '')) return false;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= limit;
}

/** A body-parser error (its `type` and `status`), so that requestErrorResponse answers it as Express did. */
const bodyError = (type: string) => Object.assign(new Error(type), { type, status: 400 });

/** The body as JSON, as body-parser's strict `json()` reads it: an object or an array. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('aborted', () => reject(bodyError('request.aborted')));
    req.once('error', reject);
    req.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        if (!/^[\s\uFEFF]*[[{]/.test(text)) throw new SyntaxError('not an object or array');
        resolve(JSON.parse(text));
      } catch {
        reject(bodyError('entity.parse.failed'));
      }
    });
  });
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface DirectGraphql<C extends object> {
  apollo: ApolloServer<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /** What Express runs before Apollo for the same request, in order (request logging, the caller's checks). */
  before: Middleware[];
  limit: number;
  log: (error: unknown) => void;
}

/**
 * An ordinary GraphQL call (isDirectGraphqlRequest) answered straight from the HTTP server,
 * everything else by the server's own listener (Express). Through Express a call crossed every
 * route layer (and in a subgraph Nest's middleware proxies), body-parser and Express's `send`:
 * about 40% of a subgraph's CPU for a small query (bench:graph). The same steps run here — the
 * `before` middleware, the body (refused as body-parser refuses it), Apollo with the same context —
 * and errors are answered by the same handler as in Express (requestErrorHandler).
 */
export function serveGraphqlDirectly<C extends object>(server: Server, d: DirectGraphql<C>): void {
  const express = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  const fail = requestErrorHandler(d.log);
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readJson(req);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const response = await d.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: () => d.context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const run = (req: IncomingMessage, res: ServerResponse, step: number): void => {
    const next = (error?: unknown) => {
      if (error) return fail(error, req, res, () => undefined);
      run(req, res, step + 1);
    };
    if (step < d.before.length) return d.before[step](req, res, next);
    answer(req, res).catch(next);
  };
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isDirectGraphqlRequest(req, d.limit)) return run(req, res, 0);
    for (const listener of express) listener.call(server, req, res);
  });
}
