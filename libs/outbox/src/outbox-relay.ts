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
}

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
    await this.listen(databaseUrl);
    this.timer = setInterval(() => void this.drain(), this.options.sweepMs ?? 10_000);
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  private async listen(databaseUrl: string): Promise<void> {
    const client = new Client({ connectionString: databaseUrl, application_name: `kezek-${this.schema}-outbox` });
    client.on('notification', () => void this.drain());
    client.on('error', (e) => {
      this.logger.warn(`outbox listener lost (${e.message}); reconnecting`);
      if (this.listener === client) this.listener = undefined;
      setTimeout(
        () =>
          void (this.stopped
            ? undefined
            : this.listen(databaseUrl)
                .then(() => this.drain())
                .catch(() => undefined)),
        1000,
      );
    });
    await client.connect();
    await client.query(`LISTEN ${outboxChannel(this.schema)}`);
    this.listener = client;
  }
}
