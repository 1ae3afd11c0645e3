import { Module } from '@nestjs/common';
import { internalApiAuth } from '@kezek/internal-api-server';
import { NoticeFactsApi } from '@kezek/queue-api';
import { NoticeFactsController } from './notice-facts.controller';

/** queue's internal API for the notifications service (@kezek/queue-api). */
@Module({
  controllers: [NoticeFactsController],
  providers: [...internalApiAuth(NoticeFactsApi.find.audience)],
})
export class NoticeFactsModule {}
