import { DataSourceDefinition } from '@kezek/database';
import { Notification } from './notification/notification.entity';
import { NotificationPreference } from './notification/notification-preference.entity';
import { ReferralReminder } from './notification/referral-reminder.entity';
import { Notifications1767000000000 } from './migrations/1767000000000-notifications';
import { Delivery1767800000000 } from './migrations/1767800000000-delivery';
import { DeliveryRates1767900000000 } from './migrations/1767900000000-delivery-rates';
import { OfferReach1768110000000 } from './migrations/1768110000000-offer-reach';

export const notificationsData: DataSourceDefinition = {
  schema: 'notifications',
  entities: [Notification, NotificationPreference, ReferralReminder],
  migrations: [Notifications1767000000000, Delivery1767800000000, DeliveryRates1767900000000, OfferReach1768110000000],
};
