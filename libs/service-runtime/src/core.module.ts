import {
  DynamicModule,
  Global,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  Provider,
  RequestMethod,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import Redis from 'ioredis';
import { AccessTokenVerifier } from '@kezek/auth';
import { Clock, ClockListeners } from '@kezek/clock';
import { z } from 'zod';
import { Portals } from '@kezek/portals';
import { loadServiceConfig, SERVICE_CONFIG, ServiceConfig, ServiceIdentity } from './config';
import { createDataSource, DataSourceDefinition } from '@kezek/database';
import { processLogging } from './logger';
import { ClockLifecycle, clockProviders } from './clock';
import { Metrics } from '@kezek/metrics';
import { HealthController, Readiness, REDIS, RedisHealthIndicator, RedisLifecycle } from './health';
import { MetricsController } from './metrics.controller';

export interface CoreOptions<X extends z.ZodRawShape> {
  service: ServiceIdentity;
  data: DataSourceDefinition;
  /** Extra environment variables of this service, validated with the common ones. */
  env?: X;
  /** Overrides for tests (a ManualClock, a prepared config); without one, CLOCK decides. */
  clock?: Clock;
  config?: ServiceConfig<X>;
}

/** The request logging middleware of the process (processLogging). */
export const REQUEST_LOGGING = Symbol('REQUEST_LOGGING');
export type RequestLoggingMiddleware = ReturnType<typeof processLogging>['middleware'];

/**
 * Everything a Kezek process needs before its own modules: validated configuration (fails
 * before boot naming the variable), pino logs, the clock, PostgreSQL, Redis, health endpoints,
 * Prometheus metrics.
 * What is built from configuration is built here, before Nest starts: a failure inside a
 * provider factory would end the process with a stack trace and exit 1 instead of exit 78.
 */
@Global()
@Module({})
export class CoreModule implements NestModule {
  constructor(@Inject(REQUEST_LOGGING) private readonly requestLogging: RequestLoggingMiddleware) {}

  configure(consumer: MiddlewareConsumer): void {
    // Every route, where nestjs-pino put its own request logging.
    consumer.apply(this.requestLogging).forRoutes({ path: '*', method: RequestMethod.ALL });
  }

  static forRoot<X extends z.ZodRawShape>(options: CoreOptions<X>): DynamicModule {
    const config = options.config ?? loadServiceConfig(options.service, options.env);
    const verifier = new AccessTokenVerifier(config.AUTH_JWT_PUBLIC_KEY);
    const portals = Portals.fromEnv(process.env.PORTALS, process.env.PORTAL_POLICIES);
    const logging = processLogging(options.service.name, options.service.role, config.LOG_LEVEL, config.LOG_FILE);
    const redisName = `kezek-${options.service.name}-${options.service.role}`;
    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: REQUEST_LOGGING, useValue: logging.middleware },
      ...clockProviders(config, options.clock),
      {
        provide: REDIS,
        useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, connectionName: redisName }),
      },
      { provide: AccessTokenVerifier, useValue: verifier },
      { provide: Portals, useValue: portals },
      { provide: Metrics, useValue: new Metrics({ service: options.service.name, role: options.service.role }) },
      ClockLifecycle,
      RedisLifecycle,
      RedisHealthIndicator,
      Readiness,
    ];
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot(logging.params),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () =>
            createDataSource(options.data, config.DATABASE_URL, config.DATABASE_REPLICA_URLS).initialize(),
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers,
      exports: [
        SERVICE_CONFIG,
        REQUEST_LOGGING,
        Clock,
        ClockListeners,
        AccessTokenVerifier,
        Portals,
        Readiness,
        Metrics,
      ],
    };
  }
}
