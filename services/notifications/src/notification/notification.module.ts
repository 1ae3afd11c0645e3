import { Module } from '@nestjs/common';
import { JobsModule } from '@kezek/jobs';
import { NoticeOversightResolver } from '../operator/notice-oversight.resolver';
import { PreferenceResolver } from '../preference/preference.resolver';
import { NotificationResolver } from './notification.resolver';

@Module({
  imports: [JobsModule.forProducer()],
  providers: [NotificationResolver, PreferenceResolver, NoticeOversightResolver],
})
export class NotificationModule {}
