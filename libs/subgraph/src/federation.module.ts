import type { Server } from 'node:http';
import {
  DynamicModule,
  Inject,
  Logger,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { AccessTokenVerifier, GatewayCredentialVerifier } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { introspectionEnabled, introspectionEnv } from '@kezek/config';
import { serveGraphqlDirectly } from '@kezek/graphql-http';
import { Metrics, operationMetrics, operationRecorder } from '@kezek/metrics';
import { Portals } from '@kezek/portals';
import {
  JSON_BODY_LIMIT_BYTES,
  REQUEST_LOGGING,
  RequestLoggingMiddleware,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@kezek/service-runtime';
import { buildRequestContext, RequestContext } from './request-context';
import { executionStatus, formatGraphQLError } from './format-error';
import { DomainErrorFilter } from './domain-error-filter';
import { GatewayOnlyMiddleware } from './gateway-only';
import { AlmatyDateTime } from './scalars';

/**
 * A code-first Federation 2 subgraph at `/graphql` (schema built in memory, no playground) that
 * answers only the gateway: `gateway` checks the credential of every request (GatewayOnlyMiddleware).
 */
@Module({})
export class FederationModule implements NestModule, OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    @Inject(REQUEST_LOGGING) private readonly requestLogging: RequestLoggingMiddleware,
    private readonly gatewayOnly: GatewayOnlyMiddleware,
    private readonly verifier: AccessTokenVerifier,
    private readonly portals: Portals,
    private readonly clock: Clock,
  ) {}

  static forRoot(gateway: GatewayCredentialVerifier): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: FederationModule,
      // A feature's own HTTP routes for the gateway apply GatewayOnlyMiddleware too (consumer.apply).
      global: true,
      exports: [GatewayCredentialVerifier, GatewayOnlyMiddleware],
      providers: [
        AlmatyDateTime,
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: GatewayCredentialVerifier, useValue: gateway },
        GatewayOnlyMiddleware,
      ],
      imports: [
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          inject: [AccessTokenVerifier, Portals, Clock, SERVICE_CONFIG, Metrics],
          useFactory: (
            verifier: AccessTokenVerifier,
            portals: Portals,
            clock: Clock,
            config: ServiceConfig<typeof introspectionEnv>,
            metrics: Metrics,
          ) => ({
            autoSchemaFile: { federation: 2 },
            sortSchema: true,
            playground: false,
            // `_service { sdl }` (composition) is a field, served whatever this says.
            introspection: introspectionEnabled(config),
            // Traces would only go to Apollo Studio, which a closed network never reaches.
            plugins: [
              ApolloServerPluginInlineTraceDisabled(),
              executionStatus(),
              operationMetrics(operationRecorder(metrics)),
            ],
            preserveHttpStatusForExecutionErrors: false,
            context: ({ req }: { req: never }) => buildRequestContext(req, verifier, portals, clock.now()),
            formatError: (formatted, error) => formatGraphQLError(formatted, error, (e) => logger.error(e)),
          }),
        }),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Apollo serves `/graphql` and every path under it (Express `use`): so is the check.
    consumer.apply(GatewayOnlyMiddleware).forRoutes('graphql', 'graphql/{*rest}');
  }

  /** Once Apollo has started: the gateway's ordinary calls skip Express (@kezek/graphql-http). */
  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const graphql = this.moduleRef.get(GraphQLModule<ApolloFederationDriver>, { strict: false });
    const logger = new Logger('Http');
    serveGraphqlDirectly(server, {
      // Nest's driver types its server for any context; this module's context is RequestContext.
      apollo: graphql.graphQlAdapter.instance as unknown as ApolloServer<RequestContext>,
      context: (req) => buildRequestContext(req, this.verifier, this.portals, this.clock.now()),
      before: [this.requestLogging, (req, res, next) => void this.gatewayOnly.use(req, res, next)],
      limit: JSON_BODY_LIMIT_BYTES,
      log: (e) => logger.error(e),
    });
  }
}
