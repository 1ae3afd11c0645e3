import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { requestErrorHandler } from '@kezek/errors';

/** Whether a request's body is UTF-8 JSON of a declared length within `limit`, not encoded. */
export function isDirectJsonRequest(req: IncomingMessage, limit: number): boolean {
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

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A JSON `POST` endpoint answered without Express, through the same steps Express ran for it. */
export interface DirectRoute {
  /** What Express runs before the endpoint for the same request, in order (request logging, the caller's checks). */
  before: Middleware[];
  /** body-parser's limit for the endpoint: a larger body is Express's to refuse. */
  limit: number;
  /** Answers with the body read; it answers its own errors, as its framework did. */
  answer: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
  /** Where an unexpected error of the steps or of reading the body is logged. */
  log: (error: unknown) => void;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Served = DirectRoute & { fail: ReturnType<typeof requestErrorHandler> };

/** The endpoints a server answers itself, by `METHOD path`; every other request goes to Express. */
export class DirectRoutes {
  private readonly routes = new Map<string, Served>();

  constructor(
    server: Server,
    private readonly express: Listener[],
  ) {
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const route = this.routes.get(`${req.method} ${req.url}`);
      if (route && isDirectJsonRequest(req, route.limit)) return this.run(route, req, res, 0);
      for (const listener of this.express) listener.call(server, req, res);
    });
  }

  /** Serves `POST path` (the exact URL, no query) with `route`. */
  add(path: string, route: DirectRoute): void {
    const key = `POST ${path}`;
    if (this.routes.has(key)) throw new Error(`${key} is already served directly`);
    // Errors before the endpoint answers (a step's, body-parser's) are answered as Express's last handler answers them.
    this.routes.set(key, { ...route, fail: requestErrorHandler(route.log) });
  }

  private run(route: Served, req: IncomingMessage, res: ServerResponse, step: number): void {
    const fail = (error: unknown) => route.fail(error, req, res, () => undefined);
    if (step < route.before.length)
      return route.before[step](req, res, (error) => (error ? fail(error) : this.run(route, req, res, step + 1)));
    readJson(req)
      .then((body) => route.answer(req, res, body))
      .catch(fail);
  }
}

const installed = new WeakMap<Server, DirectRoutes>();

/**
 * The server's direct routes, installed in front of its own listener (Express) on first use: the
 * GraphQL endpoint and the internal APIs each add theirs, whichever comes first. Through Express a
 * call crossed every route layer (and in a service Nest's middleware proxies), body-parser and
 * Express's `send`; here a table lookup, the same steps, and the body read as body-parser reads it.
 */
export function directRoutes(server: Server): DirectRoutes {
  let routes = installed.get(server);
  if (!routes) {
    routes = new DirectRoutes(server, server.listeners('request') as Listener[]);
    installed.set(server, routes);
  }
  return routes;
}
