import { Catch, DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@kezek/errors';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { AccessTokenVerifier } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { introspectionEnabled, introspectionEnv } from '@kezek/config';
import { Portals } from '@kezek/portals';
import { SERVICE_CONFIG, ServiceConfig } from '@kezek/service-runtime';
import { buildRequestContext } from './request-context';
import { formatGraphQLError } from './format-error';
import { AlmatyDateTime } from './scalars';

/**
 * A refusal is an answer, not a fault: hand it to GraphQL as it is (formatError shapes it), so
 * Nest's default handler does not log every refused request as an error with its stack.
 */
@Catch(DomainError)
class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}

/** A code-first Federation 2 subgraph at `/graphql` (schema built in memory, no playground). */
@Module({})
export class FederationModule {
  static forRoot(): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: FederationModule,
      providers: [AlmatyDateTime, { provide: APP_FILTER, useClass: DomainErrorFilter }],
      imports: [
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          inject: [AccessTokenVerifier, Portals, Clock, SERVICE_CONFIG],
          useFactory: (
            verifier: AccessTokenVerifier,
            portals: Portals,
            clock: Clock,
            config: ServiceConfig<typeof introspectionEnv>,
          ) => ({
            autoSchemaFile: { federation: 2 },
            sortSchema: true,
            playground: false,
            // `_service { sdl }` (composition) is a field, served whatever this says.
            introspection: introspectionEnabled(config),
            // Traces would only go to Apollo Studio, which a closed network never reaches.
            plugins: [ApolloServerPluginInlineTraceDisabled()],
            context: ({ req }: { req: never }) => buildRequestContext(req, verifier, portals, clock.now()),
            formatError: (formatted, error) => formatGraphQLError(formatted, error, (e) => logger.error(e)),
          }),
        }),
      ],
    };
  }
}
