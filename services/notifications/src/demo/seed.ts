import { DataSource } from 'typeorm';
import { demoPerson } from '@kezek/demo';
import { Channel } from '../notification/models/channel.enum';
import { DeliveryStatus } from '../notification/models/delivery-status.enum';
import { Notification } from '../notification/notification.entity';

/** A welcome notification for the first demo parent on first run. */
export async function seedDemo(db: DataSource, now: Date): Promise<boolean> {
  if ((await db.getRepository(Notification).count()) > 0) return false;
  await db.getRepository(Notification).insert({
    userId: demoPerson('aigerim').id,
    channel: Channel.IN_APP,
    kind: 'REFERRAL_ISSUED',
    title: 'Жолдама берілді / Выдано направление',
    body: 'Балаңызға мемлекеттік балабақшаға жолдама берілді. / Вашему ребёнку выдано направление в государственный детский сад.',
    createdAt: now,
    status: DeliveryStatus.DELIVERED,
    readAt: null,
  });
  return true;
}
