import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobList, Processor, Queues } from '@kezek/jobs';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';
import { Deadline } from './deadlines';
import { LifecycleSweeper } from './lifecycle-sweeper';

const SWEEP = 'sweep';

/** Runs each deadline's job when it is due, and the sweeper every minute (a Job Scheduler). */
@Injectable()
export class DeadlineProcessor implements Processor, OnApplicationBootstrap {
  readonly queue = JobList.QueueDeadlines;

  constructor(
    private readonly queues: Queues,
    private readonly offers: OfferService,
    private readonly referrals: ReferralExpiryService,
    private readonly sweeper: LifecycleSweeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.get(this.queue).upsertJobScheduler(SWEEP, { every: 60_000 }, { name: SWEEP, data: {} });
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
