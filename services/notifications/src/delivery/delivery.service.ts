import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { JobList, Queues } from '@kezek/jobs';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { LEASE_STEPS, NotificationsWorkerConfig } from '../config';
import { GroupCommit } from '../notification/group-commit';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { deliverJob, retryJob } from './deliver-job';
import { MailTransport } from './mail.transport';
import { offerReachSql } from './offer-reach';
import { LeasedElsewhere, PermanentSendError } from './send-errors';
import { SmsTransport } from './sms.transport';

/** How a send ended, as the notice records it. */
interface Outcome {
  status: DeliveryStatus;
  sentAt?: Date;
  deliveredAt?: Date | null;
  failedAt?: Date;
  providerId?: string;
  error?: string;
}

/** A notice this attempt holds in flight under the lease, with what its send needs. */
export interface Claimed {
  id: string;
  channel: Channel;
  address: string;
  title: string;
  body: string;
  idempotency_key: string;
  /** A previous attempt called the provider and never recorded the outcome (the worker died). */
  was_in_flight: boolean;
}

/**
 * Sends one notice on its channel, exactly once. The claim marks it in flight under a lease in
 * one statement before the provider is called; the outcome clears the mark. A claim that finds
 * the mark left by a killed worker reconciles first: the SMS provider dedupes by the notice's
 * key (the send is repeated), an e-mail is looked up by its Message-ID (sent only if absent,
 * FAILED for an operator if nobody can tell). The notice writer claims the sends due at once as
 * it inserts them (`sendClaimed`): a job per send is left for retries, the held and the crashed.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');
  /** How long one attempt owns a notice (SQL): its longest chain of provider timeouts, renewed while the send lasts. */
  readonly lease: string;
  /** A send still running renews its lease every provider timeout: a live send is never taken over. */
  private readonly renewEveryMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly queues: Queues,
    private readonly mail: MailTransport,
    private readonly sms: SmsTransport,
    @Inject(SERVICE_CONFIG) config: Pick<NotificationsWorkerConfig, 'PROVIDER_TIMEOUT_SECONDS'>,
  ) {
    this.lease = `interval '${LEASE_STEPS * config.PROVIDER_TIMEOUT_SECONDS} seconds'`;
    this.renewEveryMs = config.PROVIDER_TIMEOUT_SECONDS * 1000;
  }

  /**
   * Enqueues the sends of these notices; `tag` makes the job id new where a notice is sent again,
   * `delayMs` holds a send back (a crashed send until its lease is over).
   */
  async enqueue(notices: Array<{ id: string; tag: string; delayMs?: number }>): Promise<void> {
    if (!notices.length) return;
    await this.queues.get(JobList.NotificationsDelivery).addBulk(
      notices.map((n) => {
        const job = deliverJob(n.id, n.tag);
        return n.delayMs ? { ...job, opts: { ...job.opts, delay: n.delayMs } } : job;
      }),
    );
  }

  /**
   * The first attempt of sends claimed as they were written, side by side. One that may pass later
   * goes to a job (retried with backoff, FAILED after the last); one refused for good is FAILED now.
   */
  async sendClaimed(notices: Claimed[]): Promise<void> {
    await Promise.all(
      notices.map(async (notice) => {
        try {
          await this.attempt(notice, false);
        } catch {
          // Released (the send may pass later) or left in flight (its outcome unrecorded): the job
          // sends it again or reconciles it once the lease is over.
          const { name, data, opts } = retryJob(notice.id);
          await this.queues.get(JobList.NotificationsDelivery).add(name, data, opts);
        }
      }),
    );
  }

  /** One attempt; `last` says no retry follows (a transient failure is then final). */
  async deliver(id: string, last: boolean): Promise<void> {
    const now = this.clock.now();
    const rows: Claimed[] = await this.db.query(
      `WITH prior AS (
         SELECT id, in_flight FROM notifications.notification WHERE id = $1 FOR UPDATE
       ), claimed AS (
         UPDATE notifications.notification n
            SET in_flight = true, lease_until = clock_timestamp() + ${this.lease}, attempts = n.attempts + 1
           FROM prior
          WHERE n.id = prior.id AND n.status = 'QUEUED' AND n.channel <> 'IN_APP'
            AND (n.not_before IS NULL OR n.not_before <= $2)
            AND (n.lease_until IS NULL OR n.lease_until < clock_timestamp())
         RETURNING n.id, n.channel, n.address, n.title, n.body, n.idempotency_key, prior.in_flight AS was_in_flight
       )
       SELECT * FROM claimed`,
      [id, now],
    );
    const notice = rows[0];
    if (!notice) {
      const [state] = (await this.db.query(
        `SELECT status, lease_until > clock_timestamp() AS leased FROM notifications.notification WHERE id = $1`,
        [id],
      )) as Array<{ status: DeliveryStatus; leased: boolean | null }>;
      // Sent, failed, not due yet (the sweeper enqueues it when due) or unknown: nothing to do.
      if (state?.status === DeliveryStatus.QUEUED && state.leased)
        throw new LeasedElsewhere(`notice ${id} is being sent`);
      return;
    }
    await this.attempt(notice, last);
  }

  /**
   * Sends a claimed notice and records the outcome. A send that may pass later releases the
   * notice and is thrown; an outcome that could not be recorded leaves it in flight (reconciled
   * once the lease is over), never released to be sent again.
   */
  private async attempt(notice: Claimed, last: boolean): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.renewingLease(notice.id, () => this.send(notice));
    } catch (e) {
      const permanent = e instanceof PermanentSendError;
      const message = (e as Error).message.slice(0, 500);
      if (permanent || last) {
        await this.finish(notice.id, { status: DeliveryStatus.FAILED, failedAt: this.clock.now(), error: message });
        this.logger.warn(`${notice.channel} notice ${notice.id} failed: ${message}`);
        return;
      }
      await this.db.query(
        `UPDATE notifications.notification SET in_flight = false, lease_until = NULL, last_error = $2 WHERE id = $1`,
        [notice.id, message],
      );
      throw e;
    }
    await this.finish(notice.id, outcome);
  }

  /**
   * Runs a send, renewing the notice's lease every provider timeout while it lasts: a server slow
   * at every step (each within the timeout) can make a send outlast the lease, and another
   * attempt must never take over a send that may still succeed. A renewal that fails leaves the
   * lease as it was; the next one tries again.
   */
  private async renewingLease<T>(id: string, send: () => Promise<T>): Promise<T> {
    const renew = () =>
      this.db
        .query(
          `UPDATE notifications.notification SET lease_until = clock_timestamp() + ${this.lease}
            WHERE id = $1 AND in_flight AND status = 'QUEUED'`,
          [id],
        )
        .catch((e: Error) => this.logger.warn(`lease of notice ${id} not renewed: ${e.message}`));
    const renewal = setInterval(() => void renew(), this.renewEveryMs);
    try {
      return await send();
    } finally {
      clearInterval(renewal);
    }
  }

  /** What the provider said of a send (or, after a crash, what the lookup found). */
  private async send(notice: Claimed): Promise<Outcome> {
    if (notice.channel === Channel.SMS) {
      // The provider keeps the key: after a crash this repeats the request, never the message.
      const receipt = await this.sms.send({
        to: notice.address,
        text: `${notice.title}. ${notice.body}`,
        key: notice.idempotency_key,
      });
      const at = this.clock.now();
      return {
        status: receipt.status === 'DELIVERED' ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT,
        sentAt: at,
        deliveredAt: receipt.status === 'DELIVERED' ? at : null,
        providerId: receipt.id,
      };
    }
    const messageId = `<${notice.id}@notifications.kezek>`;
    if (notice.was_in_flight) {
      const found = await this.mail.lookup(messageId);
      if (found === 'ACCEPTED') return { status: DeliveryStatus.SENT, sentAt: this.clock.now(), providerId: messageId };
      if (found === 'UNKNOWN')
        throw new PermanentSendError(
          'UNCERTAIN: the worker stopped during the send; re-drive it if the parent did not get it',
        );
    }
    await this.mail.send({ to: notice.address, subject: notice.title, text: notice.body, messageId });
    return { status: DeliveryStatus.SENT, sentAt: this.clock.now(), providerId: messageId };
  }

  /** Records a notice's outcome (SENT, DELIVERED or FAILED) and ends its flight. */
  private finish(id: string, outcome: Outcome): Promise<void> {
    return this.finishes.run({ id, ...outcome });
  }

  /**
   * The outcomes of concurrent sends, recorded by one statement; a notice that reached the parent
   * may start its offer's window (R10): the reach and its event are in the same statement.
   */
  private readonly finishes = new GroupCommit<Outcome & { id: string }, void>(async (done) => {
    const params: unknown[] = [
      done.map((o) => o.id),
      done.map((o) => o.status),
      done.map((o) => o.sentAt ?? null),
      done.map((o) => o.deliveredAt ?? null),
      done.map((o) => o.failedAt ?? null),
      done.map((o) => o.providerId ?? null),
      done.map((o) => o.error ?? null),
    ];
    await this.db.query(
      `WITH updated AS (
         UPDATE notifications.notification n
            SET status = o.status, sent_at = o.sent_at, delivered_at = o.delivered_at, failed_at = o.failed_at,
                provider_message_id = o.provider_id, last_error = COALESCE(o.error, n.last_error),
                in_flight = false, lease_until = NULL
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[])
             AS o(id, status, sent_at, delivered_at, failed_at, provider_id, error)
          WHERE n.id = o.id
      RETURNING n.id, n.kind, n.offer_id, n.application_id, n.channel, n.status, n.sent_at, n.delivered_at),
       ${offerReachSql(params, this.clock.now())}
       SELECT 1`,
      params,
    );
    return done.map(() => undefined);
  });
}
