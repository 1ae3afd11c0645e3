import { DataSourceDefinition } from '@kezek/database';
import { Notification } from './notification/notification.entity';
import { Notifications1767000000000 } from './migrations/1767000000000-notifications';

export const notificationsData: DataSourceDefinition = {
  schema: 'notifications',
  entities: [Notification],
  migrations: [Notifications1767000000000],
};
