import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { overseenAmong, Role } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { JobList, Queues } from '@kezek/jobs';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { deliverJob } from '../delivery/deliver-job';
import { smsNotBefore } from '../notice/notice.rules';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { Notification } from '../notification/notification.entity';
import { NoticeRecord } from './models/notice-record.model';

interface RecordRow {
  source: string;
  kind: string;
  application_id: string;
  referral_id: string | null;
  offer_id: string | null;
  created_at: Date;
  reached_at: Date | null;
  failed_channels: string[];
  pending: number;
}

const toRecord = (r: RecordRow): NoticeRecord => ({
  source: r.source,
  kind: r.kind,
  applicationId: r.application_id,
  referralId: r.referral_id,
  offerId: r.offer_id,
  createdAt: r.created_at,
  reachedAt: r.reached_at,
  failedChannels: r.failed_channels as NoticeRecord['failedChannels'],
  pending: Number(r.pending),
});

/** Per source: when a parent was reached, and the external channels on which everything failed. */
const RECORDS = `
  SELECT source, kind, application_id, referral_id, offer_id, min(created_at) AS created_at,
         min(COALESCE(delivered_at, sent_at)) FILTER (WHERE channel <> 'IN_APP') AS reached_at,
         COALESCE(array_agg(DISTINCT channel) FILTER (WHERE channel <> 'IN_APP' AND status = 'FAILED'), '{}') AS failed_channels,
         count(*) FILTER (WHERE channel <> 'IN_APP' AND status = 'QUEUED') AS pending
    FROM notifications.notification
   WHERE region_id = ANY($1) AND source IS NOT NULL`;
const GROUP = `GROUP BY source, kind, application_id, referral_id, offer_id`;

/**
 * Operators' view of delivery (ADMIN, DISTRICT_OPERATOR in their regions): failed sends, the
 * offers and referrals whose parents were reached on no channel, and re-driving a failed send.
 */
@Resolver()
export class NoticeOversightResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly queues: Queues,
  ) {}

  private regions(ctx: RequestContext): string[] {
    const principal = requirePrincipal(ctx, Role.ADMIN, Role.DISTRICT_OPERATOR);
    return overseenAmong(principal, requirePortal(ctx).regionIds);
  }

  @Query(() => [NoticeRecord], {
    description: 'Offers and referrals (and other notices) whose e-mails and SMS all failed: nobody was reached',
  })
  async unreachedNotices(
    @Ctx() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number,
  ): Promise<NoticeRecord[]> {
    const regions = this.regions(ctx);
    validateInput(z.number().int().min(1).max(500), first);
    const rows: RecordRow[] = await this.db.query(
      `${RECORDS} ${GROUP}
       HAVING count(*) FILTER (WHERE channel <> 'IN_APP') > 0
          AND bool_and(status = 'FAILED') FILTER (WHERE channel <> 'IN_APP')
       ORDER BY min(created_at) DESC LIMIT $2`,
      [regions, first],
    );
    return rows.map(toRecord);
  }

  @Query(() => [NoticeRecord], { description: 'Every notice of an application and when its parents were reached' })
  async noticeRecords(
    @Ctx() ctx: RequestContext,
    @Args('applicationId', { type: () => ID }) applicationId: string,
  ): Promise<NoticeRecord[]> {
    const regions = this.regions(ctx);
    validateInput(z.string().uuid(), applicationId);
    const rows: RecordRow[] = await this.db.query(
      `${RECORDS} AND application_id = $2 ${GROUP} ORDER BY min(created_at)`,
      [regions, applicationId],
    );
    return rows.map(toRecord);
  }

  @Query(() => [Notification], { description: 'Failed e-mails and SMS, newest first' })
  async failedNotifications(
    @Ctx() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number,
  ): Promise<Notification[]> {
    const regions = this.regions(ctx);
    validateInput(z.number().int().min(1).max(500), first);
    return this.db
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where(`n.status = 'FAILED' AND n.region_id = ANY(:regions)`, { regions })
      .orderBy('n.failed_at', 'DESC')
      .take(first)
      .getMany();
  }

  /**
   * Sends a failed e-mail or SMS again (its key stays: the SMS provider still sends it once); an
   * SMS re-driven at night waits for the morning like any other.
   */
  @Mutation(() => Notification)
  async redriveNotification(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Notification> {
    const regions = this.regions(ctx);
    const policy = requirePortal(ctx).policy;
    validateInput(z.string().uuid(), id);
    const repo = this.db.getRepository(Notification);
    const notice = await repo.findOneBy({ id });
    if (!notice || !notice.regionId || !regions.includes(notice.regionId))
      throw new DomainError('NOT_FOUND', 'notification not found');
    if (notice.status !== DeliveryStatus.FAILED || notice.address === null)
      throw new DomainError('INVALID_STATE', 'only a failed e-mail or SMS with an address is re-driven');
    const now = this.clock.now();
    const notBefore = notice.channel === Channel.SMS ? smsNotBefore(now, policy.smsQuietHours) : null;
    await repo.update(
      { id, status: DeliveryStatus.FAILED },
      { status: DeliveryStatus.QUEUED, attempts: 0, failedAt: null, notBefore, inFlight: false, leaseUntil: null },
    );
    // Held for the morning: the sweep enqueues it when due.
    if (!notBefore) {
      const { name, data, opts } = deliverJob(id, `redrive-${now.getTime()}`);
      await this.queues.get(JobList.NotificationsDelivery).add(name, data, opts);
    }
    return repo.findOneByOrFail({ id });
  }
}
