import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { isDomainError } from '@kezek/errors';
import { JobList, Processor } from '@kezek/jobs';
import { OutboxJobData } from '@kezek/outbox';
import { NoticeFacts, QueueApiClient } from '@kezek/queue-api';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { NotificationsWorkerConfig } from '../config';
import { NoticeWriter } from './notice-writer.service';
import { isMoot, noticeFor, NoticeSpec } from './notice.rules';
import { Reminders } from './reminders.service';

/**
 * The notifications inbox: each queue event a parent is told about becomes its notices, and
 * identity's e-mail confirmation codes their e-mail. Delivery
 * is at least once (the relay, BullMQ's retries); the notices' idempotency keys make it once.
 */
@Injectable()
export class NotificationsInboxProcessor implements Processor {
  readonly queue = JobList.NotificationsInbox;
  /** Events in hand at once: their sends due at once go out in their jobs. */
  readonly concurrency: number;
  private readonly logger = new Logger('NotificationsInbox');

  constructor(
    @Inject(SERVICE_CONFIG) config: NotificationsWorkerConfig,
    private readonly queueApi: QueueApiClient,
    private readonly writer: NoticeWriter,
    private readonly reminders: Reminders,
  ) {
    this.concurrency = config.NOTIFICATIONS_CONCURRENCY;
  }

  async process(job: Job<OutboxJobData>): Promise<void> {
    const event = job.data;
    // identity's: a code to e-mail (a person's notice, not an application's).
    if (event.type === 'EmailConfirmationRequested' && typeof event.payload.confirmationId === 'string')
      return this.writer.writeEmailConfirmation(event.eventId, event.payload.confirmationId);
    const spec = noticeFor(event.type, event.payload);
    if (!spec) return;
    const facts = await this.factsOf(spec, event);
    if (!facts || isMoot(spec.kind, facts.offer)) return;
    await this.writer.write(event.eventId, spec, facts);
    if (spec.remindBefore && spec.referralId && spec.deadline)
      await this.reminders.schedule(spec.referralId, spec.applicationId, spec.deadline, this.writer.policyOf(facts));
  }

  /** The facts of the notice; null when its application (or referral, offer) is not there: nothing to tell. */
  private async factsOf(spec: NoticeSpec, event: OutboxJobData): Promise<NoticeFacts | null> {
    try {
      return await this.queueApi.noticeFacts({
        applicationId: spec.applicationId,
        referralId: spec.referralId,
        offerId: spec.offerId,
      });
    } catch (e) {
      // Anything but NOT_FOUND is retried (BullMQ's backoff).
      if (!isDomainError(e) || e.code !== 'NOT_FOUND') throw e;
      this.logger.warn(`${event.type} ${event.eventId}: ${e.message}`);
      return null;
    }
  }
}
