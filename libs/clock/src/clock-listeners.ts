/** Runs at the new time when the clock moves: a process's deadline sweep. */
export type ClockListener = (now: Date) => Promise<void>;

/**
 * The deadline sweeps of one process, by name. With the shared manual clock they run each time
 * an ADMIN moves the clock, before the move is acknowledged; with the system clock nothing here
 * runs them, and the sweeps run on their own schedules (Job Schedulers) as always.
 */
export class ClockListeners {
  private readonly listeners = new Map<string, ClockListener>();

  register(name: string, listener: ClockListener): void {
    if (this.listeners.has(name)) throw new Error(`clock listener ${name} is registered twice`);
    this.listeners.set(name, listener);
  }

  get names(): string[] {
    return [...this.listeners.keys()];
  }

  /**
   * Runs every listener at `now`, side by side, each for at most `budgetMs`; returns one line per
   * listener that threw or did not finish (`name: what happened`), none when all finished.
   */
  async run(now: Date, budgetMs: number): Promise<string[]> {
    const outcomes = await Promise.all(
      [...this.listeners].map(async ([name, listener]) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${budgetMs} ms`)), Math.max(budgetMs, 0));
        });
        try {
          await Promise.race([listener(now), late]);
          return undefined;
        } catch (e) {
          // The first line only: enough to name the failure, never a stack or a row's data.
          return `${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return outcomes.filter((o): o is string => o !== undefined);
  }
}
