import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import proxyAddr from 'proxy-addr';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { inFlightLimit } from './in-flight-limit';
import { portalAccess } from './portal-access';
import { ApolloGateway, GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { ApolloServer, ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { keepCallersAlive, serveGraphqlDirectly } from '@kezek/graphql-http';
import { AccessTokenVerifier, bearerToken, GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner } from '@kezek/auth';
import { Clock, SharedManualClock, SystemClock, toAlmatyIso } from '@kezek/clock';
import { HttpAnswer, HttpRequestInit, httpTransport } from '@kezek/http-client';
import {
  answerClientError,
  errorExtensions,
  FixedErrorCode,
  inputErrorMessage,
  isGraphqlInputError,
  fixedMessages,
  isErrorCode,
  isMessages,
  isPolicyErrorCode,
  notFoundHandler,
  requestErrorHandler,
  requireJsonBody,
  unavailableStatus,
} from '@kezek/errors';
import { createLogger, logDestination, REQUEST_ID_HEADER, requestLogging } from '@kezek/logging';
import { Metrics, METRICS_CONTENT_TYPE, operationMetrics, operationRecorder } from '@kezek/metrics';
import { PORTAL_HEADER, Portals } from '@kezek/portals';
import { GatewayConfig, gatewayIntrospection, subgraphUrls } from './config';
import { mountDocumentRoutes } from './documents';
import { opsBoard } from './ops-board';
import { variableCoercionPlugin, variableRefusal } from './errors';
import { PreparedOperations } from './prepared';
import { subgraphHealth } from './health';
import { rememberedLimits, rootFieldRuns } from './limits';
import { mountPlayground } from './playground';
import { PUBLIC_LOOKUP_FIELD, RateLimiter, rateLimited, rateLimitedFields } from './rate-limit';

/** The largest GraphQL request body the gateway reads. */
const GRAPHQL_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** What the gateway knows of a request and passes on to the subgraphs. */
interface GatewayContext {
  requestId: string;
  portalId: string;
  authorization?: string;
  /** The client's address as far as TRUST_PROXY lets the gateway believe proxies. */
  clientAddress: string;
}

/** A refusal decided at the gateway, shaped like the subgraphs' (`code` + kk/ru/en messages). */
function refusal(
  code: FixedErrorCode,
  status: number,
  message?: string,
  details?: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message ?? fixedMessages(code).en, {
    extensions: { ...errorExtensions(code, details), http: { status } },
  });
}

/**
 * Presents the gateway's credential for the subgraph called (subgraphs answer nobody else) and
 * forwards the caller's token, portal and request id on every subgraph call.
 *
 * What `RemoteGraphQLDataSource` does for a call, without its per-call node-fetch `Headers` and
 * `Request` objects (about a tenth of the gateway's CPU for a small query in bench:graph), over
 * undici's dispatcher (libs/http-client) rather than make-fetch-happen: answers are never cached, and
 * a subgraph's Cache-Control is not read (the gateway's cache policy is off).
 */
type SubgraphAnswer = Awaited<ReturnType<GraphQLDataSource['process']>>;

class ForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly send: (url: string, init: HttpRequestInit) => Promise<HttpAnswer>;

  constructor(
    private readonly url: string,
    credential: () => Promise<string>,
    maxInFlight: number,
  ) {
    // The credential is minted once the call has its turn: under a burst a call may wait in the
    // in-flight queue longer than the credential lives.
    this.send = inFlightLimit(maxInFlight, async (url: string, init: HttpRequestInit) =>
      httpTransport(url, { ...init, headers: { ...init.headers, [GATEWAY_CREDENTIAL_HEADER]: await credential() } }),
    );
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphAnswer> {
    const { http, ...request } = options.request;
    const headers: Record<string, string> = {};
    // The planner's own headers (a trace request when usage reporting asks for one).
    if (http?.headers) for (const [name, value] of http.headers) headers[name] = value;
    headers['content-type'] = 'application/json';
    // The gateway's own calls (no incoming request) have no caller to forward.
    if ('incomingRequestContext' in options && 'requestId' in options.context) {
      const { context } = options;
      headers[REQUEST_ID_HEADER] = context.requestId;
      headers[PORTAL_HEADER] = context.portalId;
      if (context.authorization) headers.authorization = context.authorization;
    }
    const response = await this.send(this.url, { method: 'POST', headers, body: JSON.stringify(request) });
    const body = await bodyOf(response);
    if (!response.ok) throw subgraphRefusal(response, body);
    if (typeof body !== 'object' || body === null)
      throw new Error(`Expected JSON response body, but received: ${body}`);
    return body as SubgraphAnswer;
  }
}

const bodyOf = (response: HttpAnswer): Promise<unknown> =>
  /^application\/(graphql-response\+)?json/.test(response.headers.get('content-type') ?? '')
    ? response.json()
    : response.text();

/**
 * A subgraph's non-2xx answer as `RemoteGraphQLDataSource` reports it ("503: Service Unavailable",
 * the answer under `extensions.response`), except that a subgraph whose database is down (503 with
 * SERVICE_UNAVAILABLE errors) has the first of those passed on as it is: code, messages, details.
 */
function subgraphRefusal(response: HttpAnswer, body: unknown): GraphQLError {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (response.status === 503 && Array.isArray(errors) && unavailableStatus(errors)) {
    const unavailable = (errors as GraphQLFormattedError[]).find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')!;
    return new GraphQLError(unavailable.message, { extensions: { ...unavailable.extensions, http: { status: 503 } } });
  }
  const { url, status, statusText } = response;
  return new GraphQLError(`${status}: ${statusText}`, {
    extensions: {
      response: { url, status, statusText, body },
      ...(status === 401 ? { code: 'UNAUTHENTICATED' } : status === 403 ? { code: 'FORBIDDEN' } : {}),
    },
  });
}

/**
 * The HTTP status an answer's errors call for, whichever process raised them: SERVICE_UNAVAILABLE
 * is retryable (503); a request refused before execution as the caller's mistake (only
 * VALIDATION_FAILED, no data) is 400 — Apollo sets that for its own refusals, not for those of the
 * gateway's operation resolution (an operation name the document does not have).
 */
export function errorStatus<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const status = answerStatus(data, errors);
          if (status) response.http.status = status;
        },
      };
    },
  };
}

/** The status errorStatus gives an answer of `data` and formatted `errors`; undefined to keep Apollo's. */
export function answerStatus(data: unknown, errors: readonly GraphQLFormattedError[] | undefined): number | undefined {
  return (
    unavailableStatus(errors) ??
    (!data && errors?.length && errors.every((e) => e.extensions?.code === 'VALIDATION_FAILED') ? 400 : undefined)
  );
}

/**
 * Errors leave the gateway in one shape: our codes pass through with their messages (the
 * subgraphs' too, and BAD_REQUEST for a request Apollo could not read); GraphQL input errors
 * become VALIDATION_FAILED; anything else is masked and logged (scrubbed: libs/logging).
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  // A policy's number is rendered by the subgraph that checked the rule for this portal.
  const messages = !isErrorCode(code)
    ? undefined
    : isPolicyErrorCode(code)
      ? isMessages(formatted.extensions?.messages)
        ? formatted.extensions.messages
        : undefined
      : fixedMessages(code);
  if (messages && code !== 'INTERNAL_SERVER_ERROR') {
    const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return {
      ...base,
      message: formatted.message.replace(/^Context creation failed: /, ''),
      extensions: { ...extensions, messages },
    };
  }
  if (isGraphqlInputError(code)) {
    return {
      ...base,
      message: inputErrorMessage(formatted.message),
      extensions: errorExtensions('VALIDATION_FAILED', { graphql: code }),
    };
  }
  log(error);
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: errorExtensions('INTERNAL_SERVER_ERROR'),
  };
}

export interface RunningGateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Builds and starts the gateway on `config.PORT`; `env` supplies the SUBGRAPH_<NAME>_URL variables. */
export async function startGateway(
  config: GatewayConfig,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = new SystemClock(),
): Promise<RunningGateway> {
  const logger = createLogger({ service: 'gateway' }, config.LOG_LEVEL, logDestination(config.LOG_FILE));
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const urls = subgraphUrls(Supergraph.build(supergraphSdl).subgraphs().names(), env);
  const portals = Portals.fromEnv(env.PORTALS, env.PORTAL_POLICIES);
  const verifier = new AccessTokenVerifier(config.AUTH_JWT_PUBLIC_KEY);
  const rateLimiter = await RateLimiter.connect(
    config.REDIS_URL,
    {
      prefix: config.RATE_LIMIT_PREFIX,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      perClient: config.RATE_LIMIT_ANONYMOUS_PER_CLIENT,
      perClientByField: { [PUBLIC_LOOKUP_FIELD]: config.RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT },
      perPortal: config.RATE_LIMIT_ANONYMOUS_PER_PORTAL,
      fields: rateLimitedFields(config.RATE_LIMIT_EXTRA_FIELDS, supergraphSdl),
    },
    clock,
    (err) => logger.error({ err }, 'rate limiter unavailable: letting requests through'),
  );
  const credentials = new GatewayCredentialSigner(config.GATEWAY_SECRET);
  const metrics = new Metrics({ service: 'gateway', role: 'api' });

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) =>
      new ForwardingDataSource(urls[name], () => credentials.sign(name, clock.now()), config.SUBGRAPH_MAX_IN_FLIGHT),
    logger: logger.child({ component: 'apollo-gateway' }),
  });

  const checkLimits = rememberedLimits({ maxDepth: config.MAX_QUERY_DEPTH, maxCost: config.MAX_QUERY_COST });
  /** Refuses an operation over the depth, cost or write limits, then one over the caller's rate limit. */
  const admitLimits = async (
    schema: GraphQLSchema,
    document: DocumentNode,
    request: GraphQLRequest,
    context: GatewayContext,
  ): Promise<void> => {
    const violation = checkLimits(schema, document, request.variables ?? {}, request.operationName ?? undefined);
    if (violation?.kind === 'depth')
      throw refusal('QUERY_TOO_COMPLEX', 400, violation.message, { limit: 'depth', max: config.MAX_QUERY_DEPTH });
    if (violation?.kind === 'sideEffect')
      throw refusal('QUERY_TOO_COMPLEX', 400, `${violation.field} writes and may run once per operation`, {
        limit: 'sideEffects',
        field: violation.field,
        count: violation.count,
        max: 1,
      });
    if (violation?.kind === 'cost')
      throw refusal('QUERY_TOO_COMPLEX', 400, `query cost ${violation.cost} exceeds ${violation.max}`, {
        limit: 'cost',
        cost: violation.cost,
        max: violation.max,
      });
    // After the limits, so a refused operation uses up none of the caller's allowance.
    const decision = await rateLimiter.hit(rootFieldRuns(document, request.operationName ?? undefined), {
      address: context.clientAddress,
      portalId: context.portalId,
    });
    if (!decision.allowed) throw rateLimited(decision);
  };
  const limits: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          await admitLimits(schema, document, request, contextValue);
        },
      };
    },
  };
  const prepared = new PreparedOperations<GatewayContext>();
  const record = operationRecorder(metrics);
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    formatGatewayError(formatted, error, (e) => logger.error({ err: e }, 'unexpected error'));

  const app = express();
  app.disable('x-powered-by');
  // Express hashes every answer for an ETag: GraphQL answers to POSTs are never revalidated.
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  const httpServer = createServer(app);
  keepCallersAlive(httpServer);
  httpServer.on('clientError', answerClientError);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: gatewayIntrospection(config),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing the gateway answers is cacheable (ForwardingDataSource reads no Cache-Control from
      // subgraphs): no cache policy to work out per request, no Cache-Control on answers.
      ApolloServerPluginCacheControlDisabled(),
      variableCoercionPlugin<GatewayContext>(),
      limits,
      errorStatus<GatewayContext>(),
      operationMetrics<GatewayContext>(record),
      prepared.plugin(),
    ],
    formatError,
  });
  await apollo.start();

  const logging = requestLogging(logger);
  app.use(logging);
  app.get('/metrics', async (_req, res) => {
    res.type(METRICS_CONTENT_TYPE).send(await metrics.text());
  });
  app.get('/health', async (_req, res) => {
    const health = await subgraphHealth(urls);
    res.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'degraded', ...health });
  });
  // The gateway's time, as every service answers it on /health/clock (one time for the graph under CLOCK=manual).
  app.get('/health/clock', (_req, res) => {
    res.json({ now: toAlmatyIso(clock.now()), manual: clock instanceof SharedManualClock });
  });
  mountPlayground(app, { ncaLayerUrl: config.PLAYGROUND_NCALAYER_URL });
  const board = opsBoard({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, verifier, clock });
  app.use(board.router);
  mountDocumentRoutes(app, {
    queueUrl: urls.queue,
    credential: () => credentials.sign('queue', clock.now()),
    verifier,
    rateLimiter,
    portals,
    clock,
    log: (e) => logger.error({ err: e }, 'documents: queue did not answer'),
  });
  // Who sent the request, as Express's req.ip reads it (TRUST_PROXY decides which proxies to believe).
  const trustProxy = app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    const portal = portals.find(req.headers[PORTAL_HEADER]);
    if (!portal)
      throw refusal('UNKNOWN_PORTAL', 400, `header ${PORTAL_HEADER} must name a known portal`, {
        known: portals.all.map((p) => p.id),
      });
    const authorization = req.headers.authorization;
    if (authorization) {
      const token = bearerToken(authorization);
      if (!token) throw refusal('UNAUTHENTICATED', 401, 'authorization must be "Bearer <accessToken>"');
      // Invalid or expired tokens stop here, before any subgraph runs.
      await verifier.verify(token, clock.now()).catch((e: Error) => {
        throw refusal('UNAUTHENTICATED', 401, e.message);
      });
    }
    return {
      requestId: String((req as IncomingMessage & { id?: unknown }).id),
      portalId: portal.id,
      authorization,
      clientAddress: proxyAddr(req, trustProxy),
    };
  };
  app.use(
    '/graphql',
    portalAccess(portals),
    requireJsonBody(),
    express.json({ limit: GRAPHQL_BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: ({ req }) => context(req) }),
  );
  const logError = (e: unknown) => logger.error({ err: e }, 'unexpected request error');
  // The ordinary POST /graphql skips Express's routing, body-parser and send (@kezek/graphql-http),
  // through the same steps on Node's own request and response (Express swaps every request's
  // prototype for its own, which V8 pays for on every later property access): request logging, the
  // portal's door, Apollo with the same context.
  // Operations Apollo has accepted before are answered by the gateway itself (prepared.ts).
  prepared.serve({
    apollo,
    executor: gateway.executor,
    context,
    admit: async ({ schema, document, operation }, request, context) => {
      const refused = variableRefusal(schema, operation, request.variables);
      if (refused) throw refused;
      await admitLimits(schema, document, request, context);
    },
    formatError,
    status: answerStatus,
    record,
  });
  serveGraphqlDirectly(httpServer, {
    apollo,
    prepared: (req, body) => prepared.answer(req, body),
    context,
    before: [logging, portalAccess(portals)],
    limit: GRAPHQL_BODY_LIMIT_BYTES,
    log: logError,
  });

  // Anything else, and errors before GraphQL runs (body-parser's), in the GraphQL JSON shape.
  app.use(notFoundHandler());
  app.use(requestErrorHandler(logError));

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info({ url, subgraphs: urls }, 'gateway listening');
  return {
    url,
    server: httpServer,
    // The drain plugin closes the HTTP server once requests in flight finish; then the gateway.
    stop: async () => {
      await apollo.stop();
      await rateLimiter.close();
      await board.close();
      logger.info('gateway stopped');
    },
  };
}
