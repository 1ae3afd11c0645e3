import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { JobList } from '@kezek/jobs';
import { checkedSchema, outboxChannel } from './outbox-table';
import { jobsByInbox, OutboxRoutes, OutboxRow } from './routes';

export interface OutboxRelayOptions {
  schema: string;
  routes: OutboxRoutes;
  /** Rows per transaction. */
  batchSize?: number;
  /** Safety-net sweep for a missed NOTIFY (listener reconnecting, relay down at commit). */
  sweepMs?: number;
  /** Backoff between attempts to reconnect the LISTEN connection: doubles from `min` up to `max`. */
  reconnectMs?: { min: number; max: number };
}

/** Whether the relay hears commits now; while its listener is down, events wait for the sweep. */
export type ListenerStatus = { up: true } | { up: false; message: string };

/**
 * Moves committed outbox rows to BullMQ. Each batch is locked with SKIP LOCKED (several relays
 * may run), every add is awaited, and only then is the batch marked published in the same
 * transaction. A crash between the adds and the commit re-adds the same job ids: a no-op.
 */
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');
  private readonly schema: string;
  private readonly batchSize: number;
  private listener?: Client;
  private listenerError = 'not started';
  private databaseUrl = '';
  private reconnects = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly queues: { get(name: JobList): Queue },
    private readonly clock: Clock,
    private readonly options: OutboxRelayOptions,
  ) {
    this.schema = checkedSchema(options.schema);
    this.batchSize = options.batchSize ?? 100;
  }

  /** Events committed and not yet relayed, and how long the oldest has waited (the metrics' gauge). */
  async backlog(): Promise<{ events: number; oldestSeconds: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS events, min(occurred_at) AS oldest FROM ${this.schema}.outbox WHERE published_at IS NULL`,
    );
    const oldest = row.oldest ? (this.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000 : 0;
    return { events: row.events, oldestSeconds: Math.max(0, oldest) };
  }

  /** Relays one batch; returns how many events it published. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, event_id, type, aggregate_id, payload, occurred_at FROM ${this.schema}.outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      for (const [inbox, jobs] of jobsByInbox(this.options.routes, rows)) await this.queues.get(inbox).addBulk(jobs);
      await tx.query(`UPDATE ${this.schema}.outbox SET published_at = $1 WHERE id = ANY($2::bigint[])`, [
        this.clock.now(),
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  /** Relays until nothing is left; concurrent calls coalesce into the running drain. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.relayOnce()) === this.batchSize);
        } while (this.again && !this.stopped);
      } catch (e) {
        this.logger.error(`relay of ${this.schema}.outbox failed, the sweep retries: ${(e as Error).message}`);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  /** LISTENs for commits (a dedicated connection) and sweeps on a timer as a safety net. */
  async start(databaseUrl: string): Promise<void> {
    this.stopped = false;
    this.databaseUrl = databaseUrl;
    await this.listen();
    this.timer = setInterval(() => void this.drain(), this.options.sweepMs ?? 10_000);
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    this.listenerError = 'stopped';
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** For readiness: a relay whose listener is down delivers only at the next sweep. */
  listenerStatus(): ListenerStatus {
    return this.listener ? { up: true } : { up: false, message: this.listenerError };
  }

  /** Opens the LISTEN connection; once it is lost, it is reconnected with backoff until `stop`. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: `kezek-${this.schema}-outbox` });
    let lost = false;
    // pg reports a lost connection as 'error' (while idle), 'end', or both: one reconnect each time.
    const onLost = (e?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener !== client) return; // stopped, or never finished connecting
      this.listener = undefined;
      this.listenerError = e?.message ?? 'connection ended';
      void client.end().catch(() => undefined);
      this.logger.warn(`outbox listener lost (${this.listenerError}); reconnecting`);
      this.reconnectLater();
    };
    client.on('notification', () => void this.drain());
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.schema)}`);
    } catch (e) {
      lost = true;
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnects = 0;
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    const { min, max } = this.options.reconnectMs ?? { min: 250, max: 30_000 };
    const delay = Math.min(max, min * 2 ** Math.min(this.reconnects++, 20));
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped) return;
      this.listen().then(
        () => {
          if (this.stopped) return;
          this.logger.log('outbox listener reconnected');
          void this.drain(); // what was committed while nobody listened
        },
        (e: Error) => {
          this.listenerError = e.message;
          if (this.reconnects === 1 || this.reconnects % 20 === 0)
            this.logger.warn(`outbox listener still down (${e.message}); retrying`);
          this.reconnectLater();
        },
      );
    }, delay);
  }
}
