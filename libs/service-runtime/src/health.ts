import { Controller, Get, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';

/** The process's own ioredis connection, for the readiness check (BullMQ opens its own). */
export const REDIS = Symbol('REDIS');

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  // Last in the shutdown order: workers (onModuleDestroy) and queues (beforeApplicationShutdown) are closed by then.
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    new Logger('Core').log('shutdown: closed connections');
  }
}

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key: string) {
    const session = this.indicator.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<string>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000))),
      ]);
      return pong === 'PONG' ? session.up() : session.down({ message: pong });
    } catch (e) {
      return session.down({ message: (e as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process runs; no dependency is checked (a restart would not fix them). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to take traffic: PostgreSQL and Redis answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1000 }),
      () => this.redis.isHealthy('redis'),
    ]);
  }
}
