import { Injectable } from '@nestjs/common';
import { Clock } from '@kezek/clock';
import { JobList, Queues } from '@kezek/jobs';

/** The kinds of deadline job; the payload is the row's id, the processor re-reads the row. */
export enum Deadline {
  /** R10, R11: the offer window of a round ends. */
  OfferWindow = 'offer-window',
  /** R13, R14: a referral's validity ends. */
  ReferralExpiry = 'referral-expiry',
  /** R16: a child's stop-list ends. */
  StopListRelease = 'stop-list-release',
}

/**
 * Every deadline is stored on its row; this schedules a delayed job for it with a deterministic
 * id (kind, row, instant), so scheduling twice adds one job and a moved deadline (an extension)
 * gets its own. The sweeper enforces whatever a lost job leaves overdue.
 */
@Injectable()
export class Deadlines {
  constructor(
    private readonly queues: Queues,
    private readonly clock: Clock,
  ) {}

  async schedule(kind: Deadline, id: string, at: Date): Promise<void> {
    // A deadline is the last millisecond still in time: the job runs just after it.
    const delay = Math.max(0, at.getTime() + 1 - this.clock.now().getTime());
    await this.queues.get(JobList.QueueDeadlines).add(kind, { id }, { jobId: `${kind}:${id}:${at.getTime()}`, delay });
  }
}
