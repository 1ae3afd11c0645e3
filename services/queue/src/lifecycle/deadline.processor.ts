import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import type { Histogram } from 'prom-client';
import { ClockListeners } from '@kezek/clock';
import { JobList, Processor, Queues } from '@kezek/jobs';
import { Metrics } from '@kezek/metrics';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';
import { Deadline } from './deadlines';
import { LifecycleSweeper } from './lifecycle-sweeper';

const SWEEP = 'sweep';

/**
 * Runs each deadline's job when it is due, and the sweeper every minute (a Job Scheduler) and
 * whenever an ADMIN moves a stand's manual clock (so what fell due has fired when the move returns).
 */
@Injectable()
export class DeadlineProcessor implements Processor, OnApplicationBootstrap {
  readonly queue = JobList.QueueDeadlines;
  private readonly lateness: Histogram<'deadline'>;

  constructor(
    private readonly queues: Queues,
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
    private readonly sweeper: LifecycleSweeper,
    private readonly listeners: ClockListeners,
    metrics: Metrics,
  ) {
    this.lateness = metrics.histogram(
      'kezek_deadline_lateness_seconds',
      "How long after its job's due time a deadline started (R10 window, R13 expiry, R16 release)",
      ['deadline'],
      [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.listeners.register('lifecycle-sweep', async () => {
      await this.sweeper.sweep();
    });
    await this.queues.get(this.queue).upsertJobScheduler(SWEEP, { every: 60_000 }, { name: SWEEP, data: {} });
    // A worker that was down (or whose Redis lost its jobs) enforces what fell due at once.
    await this.queues.get(this.queue).add(SWEEP, {});
  }

  async process(job: Job<{ id: string }>): Promise<unknown> {
    // BullMQ's timers run on the host's time, whatever clock the rules use: so does their lateness.
    if (job.name !== SWEEP)
      this.lateness.observe(
        { deadline: job.name },
        Math.max(0, Date.now() - job.timestamp - (job.opts.delay ?? 0)) / 1000,
      );
    switch (job.name) {
      case Deadline.OfferWindow:
        return this.offers.closeRound(job.data.id);
      case Deadline.ReferralExpiry:
        return this.referrals.expire(job.data.id);
      case Deadline.StopListRelease:
        return this.referrals.releaseStopList(job.data.id);
      case SWEEP:
        return this.sweeper.sweep();
    }
  }
}
