import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { ClockListeners } from '@kezek/clock';
import { JobList, Processor, Queues } from '@kezek/jobs';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { NotificationsWorkerConfig } from '../config';
import { REMIND, Reminders } from '../notice/reminders.service';
import { DeliverySweeper } from './delivery-sweeper';
import { DELIVER } from './deliver-job';
import { DeliveryService } from './delivery.service';

const SWEEP = 'sweep';

/**
 * Sends (retried with exponential backoff, FAILED after the last attempt), reminders when due,
 * and the sweeper every minute and whenever an ADMIN moves a stand's manual clock.
 */
@Injectable()
export class DeliveryProcessor implements Processor, OnApplicationBootstrap {
  readonly queue = JobList.NotificationsDelivery;
  readonly concurrency: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: NotificationsWorkerConfig,
    private readonly queues: Queues,
    private readonly delivery: DeliveryService,
    private readonly reminders: Reminders,
    private readonly sweeper: DeliverySweeper,
    private readonly listeners: ClockListeners,
  ) {
    this.concurrency = config.NOTIFICATIONS_CONCURRENCY;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.listeners.register('notifications-sweep', async () => {
      await this.sweeper.sweep();
    });
    await this.queues.get(this.queue).upsertJobScheduler(SWEEP, { every: 60_000 }, { name: SWEEP, data: {} });
    await this.queues.get(this.queue).add(SWEEP, {});
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case DELIVER:
        return this.delivery.deliver(job.data.id, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      case REMIND:
        return this.reminders.fire(job.data.referralId, new Date(job.data.expiresAt));
      case SWEEP:
        return this.sweeper.sweep();
    }
  }
}
