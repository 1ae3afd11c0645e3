import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
// Nest's own metadata keys and parameter kinds: what decides how Nest calls a handler through Express.
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HOST_METADATA,
  INTERCEPTORS_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { HttpAdapterHost, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { directRoutes } from '@kezek/graphql-http';
import { internalApiEnv, InternalEndpoint, ServiceAudience, ServiceTokenVerifier } from '@kezek/internal-api';
import {
  JSON_BODY_LIMIT_BYTES,
  REQUEST_LOGGING,
  RequestLoggingMiddleware,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@kezek/service-runtime';
import {
  INTERNAL_ENDPOINT,
  InternalApiErrorFilter,
  InternalAuthGuard,
  internalErrorAnswer,
  RequestSchemaPipe,
} from './internal-api.server';

/** What a handler takes, by position: the request (`@Req()`) or the validated body (`@InternalBody`). */
type Argument = { kind: 'request' } | { kind: 'body'; pipe: RequestSchemaPipe };

const sameAs = (found: unknown, expected: unknown[]) =>
  Array.isArray(found) && found.length === expected.length && found.every((x, i) => x === expected[i]);

/**
 * How Nest calls `method` through Express, when it is only what InternalApiController and
 * InternalRoute give (their guard, filter, status) and the handler takes only `@Req()` and
 * `@InternalBody`; otherwise undefined: Express keeps serving it.
 */
function directArguments(controller: Type, method: string): Argument[] | undefined {
  const handler = controller.prototype[method] as object;
  if (!sameAs(Reflect.getMetadata(GUARDS_METADATA, controller), [InternalAuthGuard])) return undefined;
  if (!sameAs(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, controller), [InternalApiErrorFilter])) return undefined;
  if (Reflect.getMetadata(PATH_METADATA, controller) !== '/') return undefined;
  for (const key of [INTERCEPTORS_METADATA, PIPES_METADATA, HOST_METADATA, VERSION_METADATA])
    if (Reflect.getMetadata(key, controller) !== undefined) return undefined;
  for (const key of [
    GUARDS_METADATA,
    EXCEPTION_FILTERS_METADATA,
    INTERCEPTORS_METADATA,
    PIPES_METADATA,
    HEADERS_METADATA,
    REDIRECT_METADATA,
    RENDER_METADATA,
    SSE_METADATA,
    VERSION_METADATA,
  ])
    if (Reflect.getMetadata(key, handler) !== undefined) return undefined;
  const params: Record<string, { index: number; data?: unknown; pipes: unknown[] }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
  const args: Argument[] = [];
  for (const [key, { index, data, pipes }] of Object.entries(params)) {
    if (data !== undefined) return undefined;
    if (key === `${RouteParamtypes.REQUEST}:${index}` && pipes.length === 0) args[index] = { kind: 'request' };
    else if (key === `${RouteParamtypes.BODY}:${index}` && pipes.length === 1 && pipes[0] instanceof RequestSchemaPipe)
      args[index] = { kind: 'body', pipe: pipes[0] };
    else return undefined;
  }
  return args;
}

/** Answers as Nest's Express adapter replies: JSON for an object, nothing for none, else its text. */
function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  if (body === undefined || body === null) return void res.end();
  const json = typeof body === 'object';
  const text = json ? JSON.stringify(body) : String(body);
  res.setHeader('content-type', json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8');
  res.setHeader('content-length', String(Buffer.byteLength(text)));
  res.end(text);
}

/**
 * Serves the internal endpoints of its module's controllers straight from the HTTP server
 * (@kezek/graphql-http directRoutes), with the steps Express, Nest's guard, pipe and filter ran:
 * request logging, the service token (this module's guard: its audience), the body read as
 * body-parser reads it and validated with the endpoint's schema, the handler, the endpoint's
 * status and JSON, errors answered as InternalApiErrorFilter answers them.
 * One per serving module (internalApiAuth), reading Nest's container for that module's
 * controllers: a registry filled by the decorators would know classes, not the instance Nest built
 * nor the module (and so the guard) it lives in; DiscoveryService would need every serving module
 * to import DiscoveryModule.
 */
@Injectable()
export class DirectInternalRoutes implements OnApplicationBootstrap {
  private readonly logger = new Logger('InternalApi');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
    private readonly guard: InternalAuthGuard,
    @Inject(REQUEST_LOGGING) private readonly requestLogging: RequestLoggingMiddleware,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const module = [...this.modules.values()].find((m) => m.providers.get(DirectInternalRoutes)?.instance === this);
    const httpLogger = new Logger('Http');
    const scanner = new MetadataScanner();
    for (const wrapper of module?.controllers.values() ?? []) {
      const controller = wrapper.metatype as Type;
      const instance = wrapper.instance as Record<string, (...args: unknown[]) => unknown>;
      for (const method of scanner.getAllMethodNames(controller.prototype)) {
        const endpoint: InternalEndpoint | undefined = Reflect.getMetadata(
          INTERNAL_ENDPOINT,
          controller.prototype[method] as object,
        );
        if (!endpoint) continue;
        const args = wrapper.isDependencyTreeStatic() ? directArguments(controller, method) : undefined;
        if (!args) {
          this.logger.warn(
            `${endpoint.method} ${endpoint.path} stays on Express: ${controller.name}.${method} needs more than @Req() and @InternalBody`,
          );
          continue;
        }
        const serve = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
          try {
            await this.guard.authenticate(req);
            const values = args.map((a) => (a.kind === 'request' ? req : a.pipe.transform(body)));
            reply(res, endpoint.status, await instance[method](...values));
          } catch (error) {
            const refusal = internalErrorAnswer(error, (e) => this.logger.error(e));
            reply(res, refusal.status, refusal.body);
          }
        };
        directRoutes(server).add(endpoint.path, {
          // Express read the body before request logging (configureApp's body-parser comes before
          // Nest's middleware): a body it refused has no request line, and the time starts after it.
          before: [],
          limit: JSON_BODY_LIMIT_BYTES,
          answer: (req, res, body) =>
            new Promise((resolve) => this.requestLogging(req, res, () => resolve(serve(req, res, body)))),
          log: (e) => httpLogger.error(e),
        });
      }
    }
  }
}

/**
 * What a module serving an internal API provides: the guard, the verifier of tokens for its
 * `audience` checked with INTERNAL_API_SECRET (`internalApiEnv`, validated at boot), and the
 * direct routes of its controllers.
 */
export function internalApiAuth(audience: ServiceAudience): Provider[] {
  return [
    InternalAuthGuard,
    DirectInternalRoutes,
    {
      provide: ServiceTokenVerifier,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig<typeof internalApiEnv>) =>
        new ServiceTokenVerifier(config.INTERNAL_API_SECRET, audience),
    },
  ];
}
