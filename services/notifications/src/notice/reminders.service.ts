import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@kezek/clock';
import { isDomainError } from '@kezek/errors';
import { JobList, Queues } from '@kezek/jobs';
import { PortalPolicy } from '@kezek/policy';
import { QueueApiClient } from '@kezek/queue-api';
import { NoticeKind } from '../notification/models/notice-kind';
import { NoticeWriter } from './notice-writer.service';
import { reminderDueAt, reminderStillTrue } from './notice.rules';

export const REMIND = 'remind';

/**
 * R13's "the referral expires tomorrow": stored with its due instant when a referral is issued or
 * extended (one per expiry), a delayed job with a deterministic id fires it, and the sweeper fires
 * whatever is overdue (a lost job, a manual clock). At fire time the referral is read again: only
 * a referral still issued with that very expiry, before its expiry day, is reminded of.
 */
@Injectable()
export class Reminders {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly queues: Queues,
    private readonly queue: QueueApiClient,
    private readonly writer: NoticeWriter,
  ) {}

  async schedule(referralId: string, applicationId: string, expiresAt: Date, policy: PortalPolicy): Promise<void> {
    const dueAt = reminderDueAt(expiresAt, policy.referralReminder);
    await this.db.query(
      `INSERT INTO notifications.referral_reminder (referral_id, expires_at, application_id, due_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [referralId, expiresAt, applicationId, dueAt],
    );
    const delay = Math.max(0, dueAt.getTime() - this.clock.now().getTime());
    await this.queues
      .get(JobList.NotificationsDelivery)
      .add(
        REMIND,
        { referralId, expiresAt: expiresAt.toISOString() },
        { jobId: `${REMIND}:${referralId}:${expiresAt.getTime()}`, delay },
      );
  }

  /** The reminders due now, for the sweeper. */
  async due(limit: number): Promise<Array<{ referralId: string; expiresAt: Date }>> {
    const rows: Array<{ referral_id: string; expires_at: Date }> = await this.db.query(
      `SELECT referral_id, expires_at FROM notifications.referral_reminder
        WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [this.clock.now(), limit],
    );
    return rows.map((r) => ({ referralId: r.referral_id, expiresAt: r.expires_at }));
  }

  /** Sends the reminder if it is due and still true; done either way. A job early (a moved clock) does nothing. */
  async fire(referralId: string, expiresAt: Date): Promise<void> {
    const now = this.clock.now();
    const [reminder]: Array<{ application_id: string; due_at: Date; done_at: Date | null }> = await this.db.query(
      `SELECT application_id, due_at, done_at FROM notifications.referral_reminder WHERE referral_id = $1 AND expires_at = $2`,
      [referralId, expiresAt],
    );
    if (!reminder || reminder.done_at || reminder.due_at.getTime() > now.getTime()) return;
    try {
      const facts = await this.queue.noticeFacts({ applicationId: reminder.application_id, referralId });
      const referral = facts.referral!;
      if (
        referral.status === 'ISSUED' &&
        referral.expiresAt.getTime() === expiresAt.getTime() &&
        reminderStillTrue(now, expiresAt)
      )
        await this.writer.write(
          `reminder:${referralId}:${expiresAt.getTime()}`,
          {
            kind: NoticeKind.REFERRAL_EXPIRES_TOMORROW,
            applicationId: facts.application.id,
            referralId,
            deadline: expiresAt,
          },
          facts,
        );
    } catch (e) {
      if (!isDomainError(e) || e.code !== 'NOT_FOUND') throw e;
      this.logger.warn(`reminder of referral ${referralId}: no such referral`);
    }
    await this.db.query(
      `UPDATE notifications.referral_reminder SET done_at = $3 WHERE referral_id = $1 AND expires_at = $2`,
      [referralId, expiresAt, now],
    );
  }
}
