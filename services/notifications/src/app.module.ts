import { defineApi } from '@kezek/subgraph';
import { notificationsData } from './data-source';
import { NotificationModule } from './notification/notification.module';

export const AppModule = defineApi({ name: 'notifications', data: notificationsData, imports: [NotificationModule] });
