import { DEFAULT_JOB_OPTIONS } from '@kezek/jobs';
import { retryJob } from './deliver-job';

/** The waits before each retry of a job, by BullMQ's exponential backoff: delay · 2^(n−1). */
const backoffs = (attempts: number, delay: number) => Array.from({ length: attempts - 1 }, (_, n) => delay * 2 ** n);

describe('the retry of a send first tried as its notice was written', () => {
  it('has the attempts and the intervals of a send tried by a job from the start', () => {
    const every = DEFAULT_JOB_OPTIONS as { attempts: number; backoff: { type: string; delay: number } };
    const { opts } = retryJob('n1');
    expect(opts.jobId).toBe('deliver:n1:retry');
    expect(1 + opts.attempts).toBe(every.attempts);
    expect(opts.backoff.type).toBe(every.backoff.type);
    expect([opts.delay, ...backoffs(opts.attempts, opts.backoff.delay)]).toEqual(
      backoffs(every.attempts, every.backoff.delay),
    );
  });
});
