import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { JobsModule, Queues } from '@kezek/jobs';
import { Metrics } from '@kezek/metrics';
import { Readiness, SERVICE_CONFIG, ServiceConfig } from '@kezek/service-runtime';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';

const OPTIONS = Symbol('OUTBOX_OPTIONS');

/** The relay as a worker-process service: started after boot, stopped before the queues close. */
@Injectable()
export class OutboxRelayHost extends OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @InjectDataSource() db: DataSource,
    queues: Queues,
    clock: Clock,
    @Inject(OPTIONS) options: OutboxRelayOptions,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    readiness: Readiness,
    metrics: Metrics,
  ) {
    super(db, queues, clock, options);
    metrics.gauge(
      'kezek_outbox_backlog',
      'Events committed and not yet relayed, and the age of the oldest in seconds',
      ['schema', 'measure'],
      async (g) => {
        const { events, oldestSeconds } = await this.backlog();
        g.set({ schema: options.schema, measure: 'events' }, events);
        g.set({ schema: options.schema, measure: 'oldest_seconds' }, oldestSeconds);
      },
    );
    // Not ready while the listener is down: every event would wait for the sweep.
    readiness.add('outboxListener', () => this.listenerStatus());
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start(this.config.DATABASE_URL);
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}

@Module({})
export class OutboxModule {
  /** Relays `<schema>.outbox` to the subscribers' inboxes (run it in one service's worker). */
  static forWorker(options: OutboxRelayOptions): DynamicModule {
    return {
      module: OutboxModule,
      imports: [JobsModule.forProducer()],
      providers: [{ provide: OPTIONS, useValue: options }, OutboxRelayHost],
      exports: [OutboxRelayHost],
    };
  }
}
