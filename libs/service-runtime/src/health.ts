import { Controller, Get, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Clock, SharedManualClock, toAlmatyIso } from '@kezek/clock';

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
    private readonly clock: Clock,
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

/** A dependency of the process beyond PostgreSQL and Redis, as readiness sees it. */
export type ReadinessCheck = () => { up: true } | { up: false; message: string };

/**
 * What a module adds to `/health/ready` (the outbox relay's listener): checks registered under
 * a key, reported with PostgreSQL and Redis. A check is read, not awaited: it states what the
 * module already knows.
 */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(key: string, check: ReadinessCheck): void {
    this.checks.set(key, check);
  }

  indicators(indicator: HealthIndicatorService) {
    return [...this.checks].map(([key, check]) => () => {
      const session = indicator.check(key);
      const status = check();
      return status.up ? session.up() : session.down({ message: status.message });
    });
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly readiness: Readiness,
    private readonly indicator: HealthIndicatorService,
    private readonly clock: Clock,
  ) {}

  /** The process runs; no dependency is checked (a restart would not fix them). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** This process's time: with the shared manual clock (CLOCK=manual) every process answers the same. */
  @Get('clock')
  time() {
    return { now: toAlmatyIso(this.clock.now()), manual: this.clock instanceof SharedManualClock };
  }

  /** Ready to take traffic: PostgreSQL and Redis answer, and every registered check is up. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1000 }),
      () => this.redis.isHealthy('redis'),
      ...this.readiness.indicators(this.indicator),
    ]);
  }
}
