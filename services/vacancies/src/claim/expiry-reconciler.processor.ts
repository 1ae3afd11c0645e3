import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ClockListeners } from '@kezek/clock';
import { Processor, JobList, Queues } from '@kezek/jobs';
import { ClaimService } from './claim.service';

const SCHEDULER_ID = 'release-expired';
/** The scheduler's id before pending claims expired too; removed at boot so it stops firing. */
const LEGACY_SCHEDULER_ID = 'release-expired-holds';

/**
 * Frees what a crashed or finished caller left behind: holds past `held_until` and pending
 * claims past `pending_until`. Those expiries live on the seats; this Job Scheduler sweeps them
 * every minute, so a lost job only delays the release. Under the shared manual clock the same sweep
 * also runs whenever an ADMIN moves the clock, so what fell due is free when the move returns.
 */
@Injectable()
export class ExpiryReconciler implements Processor, OnApplicationBootstrap {
  readonly queue = JobList.VacanciesExpiry;
  readonly concurrency = 1;

  constructor(
    private readonly claims: ClaimService,
    private readonly queues: Queues,
    private readonly listeners: ClockListeners,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listeners.register(SCHEDULER_ID, async () => {
      await this.process();
    });
    const queue = this.queues.get(this.queue);
    await queue.removeJobScheduler(LEGACY_SCHEDULER_ID);
    await queue.upsertJobScheduler(SCHEDULER_ID, { every: 60_000 }, { name: SCHEDULER_ID, data: {} });
  }

  async process(): Promise<{ holds: number; claims: number }> {
    const released = { holds: 0, claims: 0 };
    for (;;) {
      const { holds, claims } = await this.claims.releaseExpired();
      released.holds += holds;
      released.claims += claims;
      if (holds + claims === 0) return released;
    }
  }
}
