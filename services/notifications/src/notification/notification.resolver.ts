import { InjectDataSource } from '@nestjs/typeorm';
import { Args, ID, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { z } from 'zod';
import { byKey, Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { NoticeKind } from './models/notice-kind';
import { Notification } from './notification.entity';

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Query(() => [Notification], { description: "The signed-in person's notifications, newest first" })
  myNotifications(
    @Ctx() ctx: RequestContext,
    @Args('unreadOnly', { nullable: true }) unreadOnly?: boolean,
  ): Promise<Notification[]> {
    const principal = requirePrincipal(ctx);
    return this.db.getRepository(Notification).find({
      // A confirmation code is for the mailbox alone: shown here, it would confirm nothing.
      where: {
        userId: principal.userId,
        kind: Not(NoticeKind.EMAIL_CONFIRMATION),
        ...(unreadOnly ? { readAt: IsNull() } : {}),
      },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }

  /** Idempotent: marking twice keeps the first reading instant. */
  @Mutation(() => Notification)
  async markNotificationRead(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Notification> {
    const principal = requirePrincipal(ctx);
    validateInput(z.string().uuid(), id);
    const repo = this.db.getRepository(Notification);
    await repo.update({ id, userId: principal.userId, readAt: IsNull() }, { readAt: this.clock.now() });
    const notification = await repo.findOneBy({ id, userId: principal.userId });
    if (!notification) throw new DomainError('NOT_FOUND', 'notification not found');
    return notification;
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, ctx: RequestContext): Promise<Notification | null> {
    const principal = requirePrincipal(ctx);
    const n = await ctx.loaders
      .get(
        'notification',
        byKey(
          (ids: string[]) => this.db.getRepository(Notification).findBy({ id: In(ids) }),
          (x) => x.id,
        ),
      )
      .load(ref.id);
    return n && n.userId === principal.userId ? n : null;
  }
}
