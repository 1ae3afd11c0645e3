import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { ClockListeners } from '@kezek/clock';
import { JobList, Processor, Queues } from '@kezek/jobs';
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

  constructor(
    private readonly queues: Queues,
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
    private readonly sweeper: LifecycleSweeper,
    private readonly listeners: ClockListeners,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listeners.register('lifecycle-sweep', async () => {
      await this.sweeper.sweep();
    });
    await this.queues.get(this.queue).upsertJobScheduler(SWEEP, { every: 60_000 }, { name: SWEEP, data: {} });
    // A worker that was down (or whose Redis lost its jobs) enforces what fell due at once.
    await this.queues.get(this.queue).add(SWEEP, {});
  }

  async process(job: Job<{ id: string }>): Promise<unknown> {
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
