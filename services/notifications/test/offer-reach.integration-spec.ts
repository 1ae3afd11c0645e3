import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { DevMailCatcher, DevSmsProvider, startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { JobList, Queues } from '@kezek/jobs';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS } from '../src/config';
import { notificationsData } from '../src/data-source';
import { DeliveryService } from '../src/delivery/delivery.service';
import { MailTransport } from '../src/delivery/mail.transport';
import { SmsTransport } from '../src/delivery/sms.transport';
import { Channel } from '../src/notification/models/channel.enum';
import { DeliveryStatus } from '../src/notification/models/delivery-status.enum';
import { Notification } from '../src/notification/notification.entity';

const TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_SECONDS * 1000;

/**
 * R10 with offerWindowFromDelivery (issue 11), on real PostgreSQL, SMTP and the dev SMS provider:
 * the first e-mail or SMS of an offer's notice that is sent or delivered records the reach and
 * OfferNoticeReached in its transaction, once per offer; a failure, a later channel, a re-driven
 * send and a notice that is not an offer's record nothing.
 */
describe("recording when an offer's notice reached the parent", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let mail: DevMailCatcher;
  let sms: DevSmsProvider;
  let queue: Queue;
  let transport: MailTransport;
  let deliveries: DeliveryService;
  const clock = new ManualClock('2027-03-01T04:00:00Z');
  const APPLICATION = '33333333-3333-4333-8333-333333333333';
  let n = 0;
  const notice = (channel: Channel, offerId: string | null, kind = 'TURN_CAME') =>
    db.getRepository(Notification).save({
      userId: '11111111-1111-4111-8111-111111111111',
      channel,
      kind,
      title: 'Кезегіңіз келді',
      body: `Бала ${++n}`,
      createdAt: clock.now(),
      status: DeliveryStatus.QUEUED,
      readAt: null,
      idempotencyKey: `reach-${n}:user:${channel}`,
      source: `reach-${n}`,
      address: channel === Channel.EMAIL ? 'parent@example.kz' : '+77011234567',
      applicationId: APPLICATION,
      offerId,
    });
  const events = (offerId: string) =>
    db.query(`SELECT type, aggregate_id, payload FROM notifications.outbox WHERE aggregate_id = $1 ORDER BY id`, [
      offerId,
    ]);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(notificationsData, testDb.url).initialize();
    mail = await startDevMailCatcher();
    sms = await startDevSmsProvider({ port: 0 });
    queue = new Queue(JobList.NotificationsDelivery, {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: testQueuePrefix(),
    });
    transport = new MailTransport(mail.smtpUrl, 'Kezek <no-reply@kezek.kz>', TIMEOUT_MS, mail.apiUrl);
    deliveries = new DeliveryService(
      db,
      clock,
      { get: () => queue } as unknown as Queues,
      transport,
      new SmsTransport(sms.url, TIMEOUT_MS),
      { PROVIDER_TIMEOUT_SECONDS: DEFAULT_PROVIDER_TIMEOUT_SECONDS },
    );
  });

  afterAll(async () => {
    transport?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await mail?.close();
    await sms?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it('records the first channel that reached the parent, once per offer, with the instant', async () => {
    const offerId = '44444444-4444-4444-8444-444444444444';
    const email = await notice(Channel.EMAIL, offerId);
    const text = await notice(Channel.SMS, offerId);
    mail.setFailing(true);
    sms.setMode('refusing');
    await deliveries.deliver(email.id, true);
    await deliveries.deliver(text.id, true);
    expect((await db.getRepository(Notification).findOneByOrFail({ id: email.id })).status).toBe('FAILED');
    // Failed on every channel: not reached.
    expect(await events(offerId)).toEqual([]);

    // A working day later the operator re-drives the e-mail and it goes.
    clock.advance(24 * 3600_000);
    mail.setFailing(false);
    await db.query(`UPDATE notifications.notification SET status = 'QUEUED', failed_at = NULL WHERE id = $1`, [
      email.id,
    ]);
    await deliveries.deliver(email.id, false);
    const reachedAt = '2027-03-02T04:00:00.000Z';
    expect(await events(offerId)).toEqual([
      {
        type: 'OfferNoticeReached',
        aggregate_id: offerId,
        payload: { offerId, applicationId: APPLICATION, reachedAt },
      },
    ]);
    expect(await db.query(`SELECT notice_id FROM notifications.offer_reach WHERE offer_id = $1`, [offerId])).toEqual([
      { notice_id: email.id },
    ]);

    // The SMS re-driven and delivered later changes nothing.
    clock.advance(3600_000);
    sms.setMode('ok');
    await db.query(`UPDATE notifications.notification SET status = 'QUEUED', failed_at = NULL WHERE id = $1`, [
      text.id,
    ]);
    await deliveries.deliver(text.id, false);
    expect((await db.getRepository(Notification).findOneByOrFail({ id: text.id })).status).toBe('DELIVERED');
    expect(await events(offerId)).toHaveLength(1);
  });

  it('records nothing for a notice that is not an offer’s', async () => {
    const referralNotice = await notice(Channel.SMS, null, 'REFERRAL_ISSUED');
    await deliveries.deliver(referralNotice.id, false);
    expect((await db.getRepository(Notification).findOneByOrFail({ id: referralNotice.id })).status).toBe('DELIVERED');
    expect(
      await db.query(`SELECT count(*)::int AS n FROM notifications.outbox WHERE payload->>'offerId' IS NULL`),
    ).toEqual([{ n: 0 }]);
  });
});
