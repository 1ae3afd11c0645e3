import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { Reminders } from '../notice/reminders.service';
import { DeliveryService } from './delivery.service';

const BATCH = 1000;

/**
 * Makes good what no job will: SMS held for the morning that are due now, sends whose worker died
 * (in flight: taken over when the lease is over), and reminders whose delayed job was lost or
 * whose time a manual clock reached.
 */
@Injectable()
export class DeliverySweeper {
  private readonly logger = new Logger('DeliverySweeper');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly delivery: DeliveryService,
    private readonly reminders: Reminders,
  ) {}

  async sweep(): Promise<{ sends: number; reminders: number }> {
    // A send in flight gets its job at its lease's end (the same id whatever sweep adds it, a new
    // one once a live send renewed its lease): the send of a worker that died is taken over then,
    // not at the first sweep after it. A live send is over by then or holds a renewed lease, and
    // its job finds nothing to do or waits. Each kind has a batch of its own, so a
    // burst of sends in flight never holds back the SMS due this morning.
    const rows: Array<{ id: string; tag: string; delayMs: string }> = await this.db.query(
      `(SELECT id, 'due-' || (extract(epoch FROM not_before) * 1000)::bigint AS tag, 0 AS "delayMs"
          FROM notifications.notification
         WHERE status = 'QUEUED' AND NOT in_flight AND not_before <= $1
         LIMIT $2)
       UNION ALL
       (SELECT id, 'crashed-' || attempts || '-' || (extract(epoch FROM lease_until) * 1000)::bigint,
               greatest(0, ceil(extract(epoch FROM lease_until - clock_timestamp()) * 1000))
          FROM notifications.notification
         WHERE status = 'QUEUED' AND in_flight
         LIMIT $2)`,
      [this.clock.now(), BATCH],
    );
    await this.delivery.enqueue(rows.map((r) => ({ ...r, delayMs: Number(r.delayMs) })));
    let reminded = 0;
    for (const r of await this.reminders.due(BATCH)) {
      try {
        await this.reminders.fire(r.referralId, r.expiresAt);
        reminded++;
      } catch (e) {
        this.logger.warn(`reminder of referral ${r.referralId}: ${(e as Error).message}; retried at the next sweep`);
      }
    }
    if (rows.length || reminded) this.logger.log(`swept: ${rows.length} sends enqueued, ${reminded} reminders`);
    return { sends: rows.length, reminders: reminded };
  }
}
