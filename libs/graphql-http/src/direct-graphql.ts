import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { directRoutes, Middleware } from './direct-routes';

export interface PreparedHttpAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

export interface DirectGraphql<C extends object> {
  apollo: ApolloServer<C>;
  /** An answer given without Apollo where the caller has one (the gateway's prepared operations); undefined for Apollo's. */
  prepared?: (req: IncomingMessage, body: unknown) => Promise<PreparedHttpAnswer | undefined>;
  context: (req: IncomingMessage) => Promise<C>;
  /** What Express runs before Apollo for the same request, in order (request logging, the caller's checks). */
  before: Middleware[];
  limit: number;
  log: (error: unknown) => void;
}

/**
 * The ordinary GraphQL call (POST /graphql, a JSON body: isDirectJsonRequest) answered straight from
 * the HTTP server (directRoutes), everything else by Express. Through Express it cost about 40% of a
 * subgraph's CPU for a small query (bench:graph). The same steps run here — the `before`
 * middleware, the body (refused as body-parser refuses it), Apollo with the same context — and
 * errors are answered by the same handler as in Express (requestErrorHandler).
 */
export function serveGraphqlDirectly<C extends object>(server: Server, d: DirectGraphql<C>): void {
  const answer = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const prepared = await d.prepared?.(req, body);
    if (prepared) {
      for (const [name, value] of prepared.headers) res.setHeader(name, value);
      res.statusCode = prepared.status;
      return void res.end(prepared.body);
    }
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
  directRoutes(server).add('/graphql', { before: d.before, limit: d.limit, answer, log: d.log });
}
