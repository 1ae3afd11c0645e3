import { DEFAULT_JOB_OPTIONS } from '@kezek/jobs';

/** The job that sends one notice; its id names the notice and what enqueued it (new, due, crashed, re-drive). */
export const DELIVER = 'deliver';

export const deliverJob = (id: string, tag: string) => ({
  name: DELIVER,
  data: { id },
  opts: { jobId: `${DELIVER}:${id}:${tag}` },
});

/**
 * The job that retries a send first tried as its notice was written (outside any job): the
 * attempts every send has less that one, at the intervals they would have had (BullMQ's
 * exponential backoff from the second attempt on).
 */
export function retryJob(id: string) {
  const job = deliverJob(id, 'retry');
  const attempts = DEFAULT_JOB_OPTIONS.attempts ?? 1;
  const first = (DEFAULT_JOB_OPTIONS.backoff as { type: 'exponential'; delay: number }).delay;
  return {
    ...job,
    opts: { ...job.opts, delay: first, attempts: attempts - 1, backoff: { type: 'exponential', delay: 2 * first } },
  };
}
