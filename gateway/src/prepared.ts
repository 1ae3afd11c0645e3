import type { IncomingMessage } from 'node:http';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import type { ApolloServer, ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FetcherHeaders } from '@apollo/utils.fetcher';
import type { PreparedHttpAnswer } from '@kezek/graphql-http';
import type { OperationRecorder } from '@kezek/metrics';

/** An operation Apollo Server has accepted once: parsed, valid against the schema, resolved by its name. */
export interface Prepared {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  queryHash: string;
}

/** A POST body asking for an operation by its text and nothing else (no persisted query, no extensions). */
interface PlainBody {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface PreparedAnswerOptions<C extends object> {
  /** The started Apollo Server: its logger and cache are handed to the executor, as Apollo hands them. */
  apollo: ApolloServer<C>;
  /** The gateway's executor (ApolloGateway#executor), as Apollo Server calls it. */
  executor: GatewayExecutor;
  context: (req: IncomingMessage) => Promise<C>;
  /** What Apollo's didResolveOperation plugins check (variables, limits, the rate limit); throws to refuse. */
  admit: (prepared: Prepared, request: GraphQLRequest, context: C) => Promise<void>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The status the answer's formatted errors call for (the gateway's willSendResponse rule). */
  status: (data: unknown, errors: readonly GraphQLFormattedError[] | undefined) => number | undefined;
  record: OperationRecorder;
}

/** Apollo's MEDIA_TYPES for a single result, in its order of preference; the callback one is Apollo's to serve. */
const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const GRAPHQL_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';

/**
 * The gateway's own answer to an operation Apollo Server has already accepted: the same context,
 * checks, executor, error formatting, status and metrics, without Apollo's per-request pipeline
 * (hashing the text, the document store, a dozen plugin hooks, two content negotiations): about a
 * quarter of the gateway's CPU for a small query (bench:graph).
 *
 * Apollo stays the authority. An operation is answered here only when Apollo has accepted the same
 * text and operation name before (remembered by `plugin()`), and only up to the first point where
 * Apollo's answer could differ: a body other than `{ query, operationName?, variables? }`, an
 * `accept` Apollo would refuse, and any refusal before execution (context, variables, limits, rate
 * limit: none has changed anything) return undefined, and Apollo answers the request from scratch.
 * What follows execution is Apollo's code path rebuilt: errors enriched and formatted as
 * normalizeAndFormatErrors does, their `http` merged, 400 for errors without data, the body's field
 * order and trailing newline. gateway/test/prepared.integration-spec.ts compares both answers byte
 * for byte.
 */
export class PreparedOperations<C extends object> {
  private readonly known: LRUCache<string, Prepared>;
  private readonly contentTypes = new Map<string, string | null>();
  private o?: PreparedAnswerOptions<C>;

  /**
   * Portals send a few dozen operations; at most `max` are remembered, and at most `maxText`
   * characters of their text, so that distinct large documents (a body may be 2 MB) cannot make
   * the gateway hold more than that beside Apollo's own bounded document store.
   */
  constructor(max = 1000, maxText = 2_000_000) {
    this.known = new LRUCache({ max, maxSize: maxText, sizeCalculation: (_prepared, key) => key.length });
  }

  /** Starts answering, once Apollo Server has started. */
  serve(options: PreparedAnswerOptions<C>): void {
    this.o = options;
  }

  /** Remembers every operation Apollo resolves (after validation, before the checks of each request). */
  plugin(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ request, source, document, operation, schema, queryHash }) => {
          if (!operation || request.extensions?.persistedQuery) return;
          this.known.set(key(source, request.operationName), { schema, document, operation, queryHash });
        },
      }),
    };
  }

  /** The answer to a request for a remembered operation; undefined when Apollo is to answer it. */
  async answer(req: IncomingMessage, body: unknown): Promise<PreparedHttpAnswer | undefined> {
    const o = this.o;
    const request = plainRequest(body);
    const prepared = request && this.known.get(key(request.query, request.operationName));
    const contentType = this.contentType(req.headers.accept);
    if (!o || !request || !prepared || !contentType) return undefined;
    const started = performance.now();
    let context: C;
    try {
      context = await o.context(req);
      await o.admit(prepared, request, context);
    } catch {
      return undefined;
    }
    const status = { value: undefined as number | undefined };
    const headers = new Map<string, string>();
    let result: { data?: unknown; errors?: readonly unknown[]; extensions?: unknown };
    try {
      result = await o.executor(requestContext(o.apollo, req, request, prepared, context));
    } catch (e) {
      // As Apollo answers an executor that throws: that error alone, 500 unless it says otherwise.
      result = { errors: [e] };
      status.value ??= 500;
    }
    const raised = result.errors?.map((e) => ensureGraphQLError(e));
    const formatted = raised?.map((e) => formatError(e, o.formatError, headers, status));
    if (formatted && result.data === undefined) status.value ??= 400;
    headers.set('content-type', contentType);
    const answerStatus = o.status(result.data, formatted) ?? status.value ?? 200;
    o.record(prepared.operation, raised, started);
    const json = JSON.stringify({ errors: formatted, data: result.data, extensions: result.extensions });
    return { status: answerStatus, headers, body: `${json}\n` };
  }

  /** The answer's content type for an `accept` header, as Apollo negotiates it; null where Apollo refuses. */
  private contentType(accept: string | undefined): string | null {
    if (!accept) return APPLICATION_JSON;
    let type = this.contentTypes.get(accept);
    if (type === undefined) {
      const preferred = new Negotiator({ headers: { accept } }).mediaType([
        APPLICATION_JSON,
        GRAPHQL_RESPONSE_JSON,
        GRAPHQL_CALLBACK,
      ]);
      type = preferred === APPLICATION_JSON || preferred === GRAPHQL_RESPONSE_JSON ? preferred : null;
      if (this.contentTypes.size < 100) this.contentTypes.set(accept, type);
    }
    return type;
  }
}

/** The context @apollo/server's makeGatewayGraphQLRequestContext builds (the executor reads no `response`). */
function requestContext<C extends object>(
  apollo: ApolloServer<C>,
  req: IncomingMessage,
  request: PlainBody,
  prepared: Prepared,
  context: C,
): GatewayGraphQLRequestContext<C> {
  const { schema, document, operation, queryHash } = prepared;
  return {
    request: {
      ...request,
      http: { method: 'POST', url: 'https://unknown-url.invalid/', headers: new IncomingHeaders(req) },
    },
    logger: apollo.logger,
    schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4' as GatewayGraphQLRequestContext['schemaHash'],
    context,
    cache: apollo.cache,
    queryHash,
    document,
    source: request.query,
    operationName: operation.name?.value ?? null,
    operation,
    metrics: {},
    debug: false,
    overallCachePolicy: undefined,
    requestIsBatched: false,
  };
}

/** One error as normalizeAndFormatErrors (@apollo/server) formats it without stack traces; its `http` goes to the answer. */
function formatError(
  error: GraphQLError,
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  headers: Map<string, string>,
  status: { value: number | undefined },
): GraphQLFormattedError {
  const extensions: Record<string, unknown> = {
    ...error.extensions,
    code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
  };
  const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
  if (
    typeof http === 'object' &&
    http !== null &&
    (http.status === undefined || typeof http.status === 'number') &&
    (http.headers === undefined || http.headers instanceof Map)
  ) {
    if (http.status) status.value = http.status as number;
    for (const [name, value] of (http.headers as Map<string, string> | undefined) ?? []) headers.set(name, value);
    delete extensions.http;
  }
  try {
    return format({ ...error.toJSON(), extensions }, error);
  } catch {
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

const key = (query: string, operationName: string | undefined) =>
  operationName === undefined ? `\u0000${query}` : `${operationName}\u0001${query}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The request of a body Apollo would read as `{ query, operationName?, variables? }` (null for absent, as Apollo reads it). */
function plainRequest(body: unknown): PlainBody | undefined {
  if (!isRecord(body) || typeof body.query !== 'string' || body.query === '') return undefined;
  const { query, operationName = null, variables = null, ...rest } = body;
  if (Object.keys(rest).length > 0) return undefined;
  if (operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== null && !isRecord(variables)) return undefined;
  return { query, operationName: operationName ?? undefined, variables: variables ?? undefined };
}

/** Apollo's ensureError + ensureGraphQLError. */
function ensureGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (!(error instanceof Error)) return new GraphQLError(`Unexpected error value: ${String(error)}`);
  return new GraphQLError(error.message, { originalError: error });
}

/** The incoming request's headers as the executor reads them (Apollo's FetcherHeadersForHeaderMap, read-only). */
class IncomingHeaders implements FetcherHeaders {
  constructor(private readonly req: IncomingMessage) {}

  get(name: string): string | null {
    const value = this.req.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.req.headers)) yield [name, this.get(name)!];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  append(): void {
    throw new Error('the incoming request headers are read-only');
  }

  delete(): void {
    this.append();
  }

  set(): void {
    this.append();
  }
}
