import { Module } from '@nestjs/common';
import { JobsModule } from '@kezek/jobs';
import { DeliveryRatesResolver } from '../operator/delivery-rates.resolver';
import { DeliveryRatesService } from '../operator/delivery-rates.service';
import { NoticeOversightResolver } from '../operator/notice-oversight.resolver';
import { PreferenceResolver } from '../preference/preference.resolver';
import { NotificationResolver } from './notification.resolver';

@Module({
  imports: [JobsModule.forProducer()],
  providers: [
    NotificationResolver,
    PreferenceResolver,
    NoticeOversightResolver,
    DeliveryRatesResolver,
    DeliveryRatesService,
  ],
})
export class NotificationModule {}
