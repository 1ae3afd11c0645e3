import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnModuleDestroy,
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { Metrics } from '@kezek/metrics';
import { SERVICE_CONFIG, ServiceConfig } from '@kezek/service-runtime';
import { traceJob } from '@kezek/tracing';
import { JobList } from './job-lists';

const PROCESSOR_TYPES = Symbol('PROCESSOR_TYPES');

/** Kept for inspection (STYLE: never removeOnFail: true); bounded by age and count. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 100_000 },
};

/** Where queues and workers of this process live: its Redis (BullMQ needs maxRetriesPerRequest null) and key prefix. */
function bullOptions(config: ServiceConfig) {
  return { connection: { url: config.REDIS_URL, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX };
}

/** Producers: one Queue per name, created on first use, closed before the Redis connection. */
@Injectable()
export class Queues implements BeforeApplicationShutdown {
  private readonly queues = new Map<JobList, Queue>();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  get(name: JobList): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { ...bullOptions(this.config), defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    new Logger('Jobs').log(`shutdown: closed ${this.queues.size} queues`);
  }
}

/** A class that handles the jobs of one queue; register it with JobsModule.forWorker. */
export interface Processor {
  readonly queue: JobList;
  readonly concurrency?: number;
  process(job: Job): Promise<unknown>;
}

@Injectable()
class WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(PROCESSOR_TYPES) private readonly types: Array<new (...args: never[]) => Processor>,
    private readonly moduleRef: ModuleRef,
    private readonly queues: Queues,
    metrics: Metrics,
  ) {
    // The job lists this process works, as Prometheus scrapes them: how many wait, and for how long.
    const lists = () => this.types.map((type) => this.moduleRef.get(type, { strict: false }).queue);
    metrics.gauge('kezek_jobs', 'Jobs of the job lists this worker runs, by state', ['list', 'state'], async (g) => {
      for (const list of lists()) {
        const counts = await this.queues.get(list).getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(counts)) g.set({ list, state }, n);
      }
    });
    metrics.gauge(
      'kezek_jobs_oldest_waiting_seconds',
      'Age of the oldest job waiting to run, per job list (0 when none waits)',
      ['list'],
      async (g) => {
        for (const list of lists()) {
          const [oldest] = await this.queues.get(list).getJobs(['waiting'], -1, -1, true);
          g.set({ list }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
        }
      },
    );
  }

  onApplicationBootstrap(): void {
    for (const type of this.types) {
      const processor = this.moduleRef.get(type, { strict: false });
      // A job carrying a traceparent (an outbox event's) continues the trace of the request behind it.
      const run = (job: Job) =>
        traceJob(processor.queue, job.name, job.data?.traceparent, () => processor.process(job));
      const worker = new Worker(processor.queue, run, {
        ...bullOptions(this.config),
        concurrency: processor.concurrency ?? 4,
      });
      worker.on('failed', (job, err) => this.logger.warn(`${processor.queue} job ${job?.id} failed: ${err.message}`));
      worker.on('error', (err) => this.logger.error(`${processor.queue} worker error: ${err.message}`));
      this.workers.push(worker);
    }
  }

  // First in the shutdown order: finish the jobs in hand while queues and connections still work.
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.logger.log(`shutdown: closed ${this.workers.length} workers`);
  }
}

@Module({})
export class JobsModule {
  /** Producers only (an API process). */
  static forProducer(): DynamicModule {
    return { module: JobsModule, providers: [Queues], exports: [Queues] };
  }

  /** Producers and the given processors (a worker process). */
  static forWorker(processors: Array<new (...args: never[]) => Processor>): DynamicModule {
    return {
      module: JobsModule,
      providers: [Queues, ...processors, { provide: PROCESSOR_TYPES, useValue: processors }, WorkerHost],
      exports: [Queues],
    };
  }
}
