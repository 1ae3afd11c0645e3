import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock } from '@kezek/clock';
import { Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { NOTICE_LANGUAGES } from '../notification/models/notice-kind';
import { NotificationPreference } from '../notification/notification-preference.entity';

const preferencesInput = z.object({
  language: z.enum(NOTICE_LANGUAGES as ['KK', 'RU', 'EN']).nullable(),
  email: z.boolean(),
  sms: z.boolean(),
  inApp: z.boolean(),
});

/** A person's channels and language (notices with a deadline still go by e-mail or SMS: notice.rules.ts). */
@Resolver(() => NotificationPreference)
export class PreferenceResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Query(() => NotificationPreference, { description: "The signed-in person's notification channels and language" })
  async myNotificationPreferences(@Ctx() ctx: RequestContext): Promise<NotificationPreference> {
    const { userId } = requirePrincipal(ctx);
    const found = await this.db.getRepository(NotificationPreference).findOneBy({ userId });
    return found ?? { userId, language: null, email: true, sms: true, inApp: true, updatedAt: this.clock.now() };
  }

  @Mutation(() => NotificationPreference, {
    description:
      'Chooses channels and language. Notices with a deadline (turn came, referral issued or expiring…) still go by e-mail (else SMS) when both are off.',
  })
  async setNotificationPreferences(
    @Ctx() ctx: RequestContext,
    @Args('email') email: boolean,
    @Args('sms') sms: boolean,
    @Args('inApp') inApp: boolean,
    @Args('language', { type: () => String, nullable: true }) language?: string | null,
  ): Promise<NotificationPreference> {
    const { userId } = requirePrincipal(ctx);
    const input = validateInput(preferencesInput, { language: language ?? null, email, sms, inApp });
    const row = { userId, ...input, updatedAt: this.clock.now() };
    await this.db.getRepository(NotificationPreference).upsert(row, ['userId']);
    return row;
  }
}
