import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, QueueName, Queues } from '@kezek/jobs';
import { ClaimService } from './claim.service';

const SCHEDULER_ID = 'release-expired-holds';

/**
 * Frees holds a crashed or finished offer round left behind. `held_until` lives on the seat;
 * this Job Scheduler sweeps it every minute, so a lost job only delays the release.
 */
@Injectable()
export class HoldReconciler implements Processor, OnApplicationBootstrap {
  readonly queue = QueueName.VacanciesDeadlines;
  readonly concurrency = 1;

  constructor(
    private readonly claims: ClaimService,
    private readonly queues: Queues,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.get(this.queue).upsertJobScheduler(SCHEDULER_ID, { every: 60_000 }, { name: SCHEDULER_ID, data: {} });
  }

  async process(): Promise<{ released: number }> {
    let released = 0;
    for (let n = await this.claims.releaseExpiredHolds(); n > 0; n = await this.claims.releaseExpiredHolds()) released += n;
    return { released };
  }
}
