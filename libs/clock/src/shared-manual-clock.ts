import { randomUUID } from 'node:crypto';
// Types only: the caller brings its Redis connection, so this lib loads no client (light-clients.spec).
import type Redis from 'ioredis';
import { Clock, toAlmatyIso } from './clock';
import { ClockListeners } from './clock-listeners';

export interface SharedManualClockOptions {
  /** The process's command connection; the clock duplicates it for its subscription and its waits. */
  redis: Redis;
  /** Key prefix of the stand (QUEUE_PREFIX): stands and test files sharing a Redis never share a clock. */
  prefix: string;
  /** Who this process is in acknowledgements and errors, e.g. `vacancies-worker`. */
  process: string;
  /** The first time, when this process is the first to use the shared clock (CLOCK_START); else now. */
  start?: Date;
  /** The process's deadline sweeps, run at the new time on every move. */
  listeners?: ClockListeners;
  /** How long a move waits for every process to acknowledge it. */
  ackTimeoutMs?: number;
}

/** A step of `advance`: forward by a duration, or to an instant (not before the current time). */
export type ClockStep = { byMs: number } | { to: Date };

/** Refused: a move would take the shared time back. Nothing changed. */
export class ClockBackwardsError extends Error {
  override readonly name = 'ClockBackwardsError';
  constructor(readonly now: Date) {
    super(`the clock only moves forward: it is ${toAlmatyIso(now)}`);
  }
}

/** The time moved, but not every process acknowledged it or ran its listeners. */
export class ClockMoveError extends Error {
  override readonly name = 'ClockMoveError';
  constructor(
    message: string,
    readonly now: Date,
    readonly processes: number,
  ) {
    super(message);
  }
}

/** One process's acknowledgement of a move: its name, and the listeners that failed. */
interface Ack {
  process: string;
  failed: string[];
}

/** A move as published: its id (the acknowledgements' list), the new offset, when the mover stops waiting. */
interface Move {
  id: string;
  offsetMs: number;
  deadline: number;
}

/**
 * Moves the shared offset forward atomically and publishes the move; returns the subscribers
 * that received it (PUBLISH's count), or -1 and the offset when the move would go back.
 * Numbers are written with %.0f: Lua's tostring would print large ones as 1.7e+12.
 */
const MOVE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local target = tonumber(ARGV[2])
if ARGV[1] == 'by' then target = current + target end
if target < current then return {-1, string.format('%.0f', current)} end
local offset = string.format('%.0f', target)
redis.call('SET', KEYS[1], offset)
local move = '{"id":"' .. ARGV[3] .. '","offsetMs":' .. offset .. ',"deadline":' .. ARGV[4] .. '}'
return {redis.call('PUBLISH', KEYS[2], move), offset}
`;

/** Time each process keeps for acknowledging after its listeners' budget runs out. */
const ACK_MARGIN = 0.1;

/**
 * The manual clock of development and tests, one for the whole graph (CLOCK=manual). Kezek's
 * time is the host's time plus an offset shared in Redis (`<prefix>:clock`, milliseconds): it
 * runs on like real time, so sessions, signing requests and rate-limit windows behave as in
 * production, and only `advance` moves it, forward only. `now()` is synchronous: every process
 * holds the offset in memory and follows moves through `<prefix>:clock:moves`.
 *
 * A move is synchronous for its caller: every process subscribed sets its offset, runs its
 * listeners (deadline sweeps) and acknowledges on `<prefix>:clock:acks:<id>`; `advance` returns
 * once as many processes as received the move have acknowledged, so every due deadline has been
 * processed, or throws `ClockMoveError` naming who failed or did not answer.
 */
export class SharedManualClock extends Clock {
  private offsetMs = Number.NEGATIVE_INFINITY;
  /** Moves are applied one at a time, in the order Redis published them. */
  private applying: Promise<void> = Promise.resolve();

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: { clock: string; moves: string; acks: (id: string) => string; client: string },
    readonly processName: string,
    private readonly listeners: ClockListeners,
    private readonly ackTimeoutMs: number,
  ) {
    super();
  }

  /** Joins the stand's shared clock (creating it at `start` if this process is the first) and follows its moves. */
  static async start(o: SharedManualClockOptions): Promise<SharedManualClock> {
    const client = `kezek-clock:${o.prefix}:`;
    const keys = {
      clock: `${o.prefix}:clock`,
      moves: `${o.prefix}:clock:moves`,
      acks: (id: string) => `${o.prefix}:clock:acks:${id}`,
      client,
    };
    const name = `${o.process}#${process.pid}`;
    const subscriber = o.redis.duplicate({ connectionName: `${client}${name}` });
    const clock = new SharedManualClock(
      o.redis,
      subscriber,
      keys,
      name,
      o.listeners ?? new ClockListeners(),
      o.ackTimeoutMs ?? 10_000,
    );
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === keys.moves) clock.applying = clock.applying.then(() => clock.apply(raw));
    });
    // Subscribed before reading, so no move falls between the two; after a reconnection the
    // subscription is renewed by ioredis, and the offset read again in case a move was missed.
    await subscriber.subscribe(keys.moves);
    subscriber.on('ready', () => void clock.sync().catch(() => undefined));
    await o.redis.set(keys.clock, String(Math.round((o.start?.getTime() ?? Date.now()) - Date.now())), 'NX');
    await clock.sync();
    return clock;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /**
   * Moves the shared time forward and waits until every process has followed and run its
   * listeners. `{ byMs: 0 }` moves nothing but runs every listener again.
   */
  async advance(step: ClockStep): Promise<{ now: Date; processes: number }> {
    if ('byMs' in step && !(step.byMs >= 0)) throw new ClockBackwardsError(this.now());
    const id = randomUUID();
    const deadline = Date.now() + this.ackTimeoutMs;
    const [mode, value] = 'byMs' in step ? ['by', step.byMs] : ['to', step.to.getTime() - Date.now()];
    const [published, offset] = (await this.redis.eval(
      MOVE,
      2,
      this.keys.clock,
      this.keys.moves,
      mode,
      Math.round(value),
      id,
      deadline,
    )) as [number, string];
    if (published < 0) throw new ClockBackwardsError(new Date(Date.now() + Number(offset)));
    const acks = await this.acknowledgements(id, published, deadline);
    const now = new Date(Date.now() + Number(offset));
    const problems = acks.flatMap((a) => a.failed.map((f) => `${a.process}: ${f}`));
    if (acks.length < published) {
      const silent = await this.silent(acks);
      problems.push(
        `${published - acks.length} of ${published} processes did not answer within ${this.ackTimeoutMs} ms` +
          (silent.length ? ` (${silent.join(', ')})` : ''),
      );
    }
    if (problems.length)
      throw new ClockMoveError(`the clock moved to ${toAlmatyIso(now)}, but ${problems.join('; ')}`, now, published);
    return { now, processes: published };
  }

  /** Stops following moves (the command connection stays the caller's). */
  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async sync(): Promise<void> {
    this.follow(Number((await this.redis.get(this.keys.clock)) ?? 0));
  }

  private follow(offsetMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, offsetMs);
  }

  /** Follows a move, runs the listeners at the new time, then acknowledges with what failed. */
  private async apply(raw: string): Promise<void> {
    const move = JSON.parse(raw) as Move;
    this.follow(move.offsetMs);
    const budget = Math.floor((move.deadline - Date.now()) * (1 - ACK_MARGIN));
    const failed = await this.listeners.run(this.now(), budget);
    const key = this.keys.acks(move.id);
    const ack: Ack = { process: this.processName, failed };
    await this.redis
      .multi()
      .rpush(key, JSON.stringify(ack))
      .pexpire(key, 60_000)
      .exec()
      .catch(() => undefined); // the mover reports this process as silent
  }

  /** Up to `expected` acknowledgements of move `id`, waiting (BLPOP, never polling) until `deadline`. */
  private async acknowledgements(id: string, expected: number, deadline: number): Promise<Ack[]> {
    const acks: Ack[] = [];
    const waiter = this.redis.duplicate();
    try {
      while (acks.length < expected) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        const popped = await waiter.blpop(this.keys.acks(id), Math.max(left, 10) / 1000);
        if (!popped) break;
        acks.push(JSON.parse(popped[1]) as Ack);
      }
    } finally {
      waiter.disconnect();
    }
    await this.redis.del(this.keys.acks(id));
    return acks;
  }

  /** The processes following this clock (their subscriptions' names) that have not acknowledged. */
  private async silent(acks: Ack[]): Promise<string[]> {
    const list = (await this.redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub').catch(() => '')) as string;
    const answered = new Set(acks.map((a) => a.process));
    return list
      .split('\n')
      .map((line) => / name=(\S+)/.exec(line)?.[1])
      .filter((n): n is string => !!n?.startsWith(this.keys.client))
      .map((n) => n.slice(this.keys.client.length))
      .filter((n) => !answered.has(n))
      .sort();
  }
}
