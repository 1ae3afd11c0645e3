/** The job that sends one notice; its id names the notice and what enqueued it (new, due, crashed, re-drive). */
export const DELIVER = 'deliver';

export const deliverJob = (id: string, tag: string) => ({
  name: DELIVER,
  data: { id },
  opts: { jobId: `${DELIVER}:${id}:${tag}` },
});
