interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * One round trip (a statement, a call) for what concurrent jobs ask while the previous one is
 * out (group commit): the first call goes at once, the calls made meanwhile go together next, so
 * a busy worker makes one round trip for many notices and an idle one waits for no timer.
 * `flush` answers item by item, in order, and must be safe to repeat (it is, for statements that
 * fail whole): a batch that fails is tried again item by item, so a bad item refuses only its own
 * call, not its neighbours'.
 */
export class GroupCommit<T, R> {
  private waiting: Array<Waiting<T, R>> = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    // The calls made in this same turn of the event loop join the first batch.
    await Promise.resolve();
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.flush(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (e) {
        if (batch.length === 1) batch[0].reject(e);
        else await Promise.all(batch.map((w) => this.flush([w.item]).then(([r]) => w.resolve(r), w.reject)));
      }
    }
    this.flushing = false;
  }
}
