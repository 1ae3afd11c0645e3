import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { Clock, ClockListeners, SharedManualClock, SystemClock } from '@kezek/clock';
import { ServiceConfig } from './config';
import { REDIS } from './health';

/**
 * The process's clock: a test's own, else the shared manual clock of the stand (CLOCK=manual,
 * refused in production at boot), else the system clock. With the shared clock the process's
 * `ClockListeners` run whenever an ADMIN moves it.
 */
export function clockProviders(config: ServiceConfig, clock: Clock | undefined): Provider[] {
  const listeners: Provider = { provide: ClockListeners, useValue: new ClockListeners() };
  if (clock) return [listeners, { provide: Clock, useValue: clock }];
  if (config.CLOCK !== 'manual') return [listeners, { provide: Clock, useValue: new SystemClock() }];
  return [
    listeners,
    {
      provide: Clock,
      inject: [REDIS, ClockListeners],
      useFactory: (redis: Redis, registered: ClockListeners) =>
        SharedManualClock.start({
          redis,
          prefix: config.QUEUE_PREFIX,
          process: `${config.service.name}-${config.service.role}`,
          start: config.CLOCK_START,
          listeners: registered,
        }),
    },
  ];
}

/** Stops following the shared clock on shutdown, before the process's Redis connection closes. */
@Injectable()
export class ClockLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.clock instanceof SharedManualClock) await this.clock.close();
  }
}
