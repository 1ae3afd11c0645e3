import { Global, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { IdentityApiClient } from '@kezek/identity-api';
import { internalApiClient } from '@kezek/internal-api-server';
import { JobsModule } from '@kezek/jobs';
import { QueueApiClient } from '@kezek/queue-api';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { NotificationsWorkerConfig } from '../config';
import { NoticeWriter } from '../notice/notice-writer.service';
import { Reminders } from '../notice/reminders.service';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryService } from './delivery.service';
import { MailTransport } from './mail.transport';
import { SmsTransport } from './sms.transport';

const caller = 'kezek-notifications';

/** What the notifications worker runs (global: JobsModule instantiates the processors). */
@Global()
@Module({
  imports: [JobsModule.forProducer()],
  providers: [
    internalApiClient(QueueApiClient, { url: 'QUEUE_INTERNAL_URL', service: caller }),
    internalApiClient(IdentityApiClient, { url: 'IDENTITY_INTERNAL_URL', service: caller }),
    internalApiClient(VacanciesApiClient, { url: 'VACANCIES_INTERNAL_URL', service: caller }),
    {
      provide: MailTransport,
      inject: [SERVICE_CONFIG],
      useFactory: (c: NotificationsWorkerConfig) =>
        new MailTransport(c.SMTP_URL, c.MAIL_FROM, c.PROVIDER_TIMEOUT_SECONDS * 1000, c.MAIL_RECONCILE_URL),
    },
    {
      provide: SmsTransport,
      inject: [SERVICE_CONFIG],
      useFactory: (c: NotificationsWorkerConfig) =>
        new SmsTransport(c.SMS_PROVIDER_URL, c.PROVIDER_TIMEOUT_SECONDS * 1000),
    },
    DeliveryService,
    NoticeWriter,
    Reminders,
    DeliverySweeper,
  ],
  exports: [QueueApiClient, DeliveryService, NoticeWriter, Reminders, DeliverySweeper],
})
export class DeliveryModule implements OnModuleDestroy {
  constructor(@Inject(MailTransport) private readonly mail: MailTransport) {}

  onModuleDestroy(): void {
    this.mail.close();
  }
}
