import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { DevMailCatcher, DevSmsProvider, startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { JobList, Queues } from '@kezek/jobs';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS } from '../src/config';
import { notificationsData } from '../src/data-source';
import { DeliverySweeper } from '../src/delivery/delivery-sweeper';
import { DeliveryService } from '../src/delivery/delivery.service';
import { MailTransport } from '../src/delivery/mail.transport';
import { LeasedElsewhere } from '../src/delivery/send-errors';
import { SmsTransport } from '../src/delivery/sms.transport';
import { Reminders } from '../src/notice/reminders.service';
import { Channel } from '../src/notification/models/channel.enum';
import { DeliveryStatus } from '../src/notification/models/delivery-status.enum';
import { Notification } from '../src/notification/notification.entity';

const TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_SECONDS * 1000;

/**
 * One send on real PostgreSQL, a real SMTP server and the dev SMS provider: claimed once under a
 * lease, its outcome recorded; what a crash leaves in flight is reconciled, never sent twice.
 */
describe('delivering a notice', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let mail: DevMailCatcher;
  let sms: DevSmsProvider;
  let queue: Queue;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const transports: MailTransport[] = [];
  /** `timeouts`: the SMTP client's timeout and the provider timeout the lease is made of, when not the default. */
  const service = (
    reconcile: boolean,
    timeouts = { smtpMs: TIMEOUT_MS, leaseStepSeconds: DEFAULT_PROVIDER_TIMEOUT_SECONDS },
  ) => {
    const transport = new MailTransport(
      mail.smtpUrl,
      'Kezek <no-reply@kezek.kz>',
      timeouts.smtpMs,
      reconcile ? mail.apiUrl : undefined,
    );
    transports.push(transport);
    return new DeliveryService(
      db,
      clock,
      { get: () => queue } as unknown as Queues,
      transport,
      new SmsTransport(sms.url, TIMEOUT_MS),
      { PROVIDER_TIMEOUT_SECONDS: timeouts.leaseStepSeconds },
    );
  };
  // Reminders are not what these sweeps are about: none is due, so their collaborators are never called.
  const sweeperOf = (deliveries: DeliveryService) =>
    new DeliverySweeper(
      db,
      clock,
      deliveries,
      new Reminders(db, clock, { get: () => queue } as unknown as Queues, null!, null!),
    );
  let n = 0;
  const notice = (channel: Channel, extra: Partial<Notification> = {}) =>
    db.getRepository(Notification).save({
      userId: '11111111-1111-4111-8111-111111111111',
      channel,
      kind: 'TURN_CAME',
      title: 'Ваша очередь подошла',
      body: `Подошла очередь ребёнка ${++n}`,
      createdAt: clock.now(),
      status: DeliveryStatus.QUEUED,
      readAt: null,
      idempotencyKey: `event-${n}:user:${channel}`,
      source: `event-${n}`,
      address: channel === Channel.EMAIL ? 'parent@example.kz' : '+77011234567',
      ...extra,
    });
  const reload = (id: string) => db.getRepository(Notification).findOneByOrFail({ id });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(notificationsData, testDb.url).initialize();
    mail = await startDevMailCatcher();
    sms = await startDevSmsProvider({ port: 0 });
    queue = new Queue(JobList.NotificationsDelivery, {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: testQueuePrefix(),
    });
  });

  afterAll(async () => {
    for (const t of transports) t.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await mail?.close();
    await sms?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  beforeEach(() => {
    mail.clear();
    sms.clear();
    mail.setFailing(false);
    mail.setStepDelay(0);
    sms.setMode('ok');
  });

  it('sends an e-mail and an SMS once, recording when; a repeated job sends nothing more', async () => {
    const email = await notice(Channel.EMAIL);
    const text = await notice(Channel.SMS);
    const deliveries = service(true);
    for (const id of [email.id, text.id, email.id, text.id]) await deliveries.deliver(id, false);
    expect(mail.messages()).toEqual([
      expect.objectContaining({ messageId: `<${email.id}@notifications.kezek>`, subject: 'Ваша очередь подошла' }),
    ]);
    expect(sms.messages()).toEqual([expect.objectContaining({ key: text.idempotencyKey, to: '+77011234567' })]);
    expect(sms.repeats()).toBe(0);
    expect(await reload(email.id)).toMatchObject({ status: 'SENT', sentAt: clock.now(), inFlight: false, attempts: 1 });
    expect(await reload(text.id)).toMatchObject({ status: 'DELIVERED', deliveredAt: clock.now(), attempts: 1 });
  });

  it('holds an SMS whose time has not come and sends it once it has', async () => {
    const text = await notice(Channel.SMS, { notBefore: new Date(clock.now().getTime() + 3600_000) });
    const deliveries = service(true);
    await deliveries.deliver(text.id, false);
    expect(sms.messages()).toHaveLength(0);
    clock.advance(3600_000);
    await deliveries.deliver(text.id, false);
    expect(sms.messages()).toHaveLength(1);
  });

  it('lets a second attempt wait while the first holds the lease', async () => {
    const email = await notice(Channel.EMAIL);
    await db.query(
      `UPDATE notifications.notification SET lease_until = clock_timestamp() + interval '1 minute' WHERE id = $1`,
      [email.id],
    );
    await expect(service(true).deliver(email.id, false)).rejects.toBeInstanceOf(LeasedElsewhere);
    expect(mail.messages()).toHaveLength(0);
  });

  it('renews the lease of a live send slower than its lease: a second attempt waits, and the e-mail goes once', async () => {
    // A lease of 4 s (four 1-s steps) and a server answering each of its four steps 1.5 s late,
    // within the client's 2-s timeout: the send takes about 6 s.
    const slow = { smtpMs: 2_000, leaseStepSeconds: 1 };
    const email = await notice(Channel.EMAIL);
    mail.setStepDelay(1_500);
    const first = service(true, slow).deliver(email.id, false);
    await new Promise((r) => setTimeout(r, 4_500));
    // Past the lease it was claimed with, as the sweeper's job at the lease's end would come.
    await expect(service(true, slow).deliver(email.id, false)).rejects.toBeInstanceOf(LeasedElsewhere);
    await first;
    expect(mail.messages()).toHaveLength(1);
    expect(await reload(email.id)).toMatchObject({ status: 'SENT', inFlight: false, leaseUntil: null, attempts: 1 });
  }, 20_000);

  it('reconciles what a killed worker left in flight: nothing is sent twice', async () => {
    const deliveries = service(true);
    // The provider got both before the worker died: the SMS key and the e-mail's Message-ID tell.
    const text = await notice(Channel.SMS);
    const email = await notice(Channel.EMAIL);
    await deliveries.deliver(text.id, false);
    await deliveries.deliver(email.id, false);
    const died = { status: DeliveryStatus.QUEUED, inFlight: true, leaseUntil: new Date(Date.now() - 1000) };
    await db.getRepository(Notification).update({ id: text.id }, died);
    await db.getRepository(Notification).update({ id: email.id }, died);
    await deliveries.deliver(text.id, false);
    await deliveries.deliver(email.id, false);
    expect(sms.messages()).toHaveLength(1);
    expect(sms.repeats()).toBe(1);
    expect(mail.messages()).toHaveLength(1);
    expect(await reload(email.id)).toMatchObject({ status: 'SENT', inFlight: false });

    // The e-mail never reached the server: looked up, absent, sent.
    const lost = await notice(Channel.EMAIL, died);
    await deliveries.deliver(lost.id, false);
    expect(mail.messages()).toHaveLength(2);
    expect(await reload(lost.id)).toMatchObject({ status: 'SENT' });
  });

  it('gives a send left in flight its job at the end of its lease, once whichever sweeps see it', async () => {
    const sweeper = sweeperOf(service(true));
    const leaseEnds = Date.now() + 20_000;
    const text = await notice(Channel.SMS, { inFlight: true, attempts: 1, leaseUntil: new Date(leaseEnds) });
    await sweeper.sweep();
    await sweeper.sweep();
    const jobs = (await queue.getJobs(['delayed', 'waiting'])).filter((j) => j.data.id === text.id);
    expect(jobs.map((j) => j.id)).toEqual([`deliver:${text.id}:crashed-1-${leaseEnds}`]);
    expect(jobs[0].timestamp + jobs[0].opts.delay!).toBeGreaterThanOrEqual(leaseEnds);
    expect(jobs[0].timestamp + jobs[0].opts.delay!).toBeLessThan(leaseEnds + 5_000);
    // The send renewed its lease (it was alive): the next sweep gives it a job at the new end, so a
    // worker that dies after its first job gave up waiting is still taken over.
    const renewedEnds = leaseEnds + 30_000;
    await db.getRepository(Notification).update({ id: text.id }, { leaseUntil: new Date(renewedEnds) });
    await sweeper.sweep();
    const after = (await queue.getJobs(['delayed', 'waiting'])).filter((j) => j.data.id === text.id);
    expect(after.map((j) => j.id).sort()).toEqual(
      [`deliver:${text.id}:crashed-1-${leaseEnds}`, `deliver:${text.id}:crashed-1-${renewedEnds}`].sort(),
    );
  });

  it('gives a send due now its job however many sends are in flight', async () => {
    const sweeper = sweeperOf(service(true));
    // More sends in flight than a sweep's batch (1,000), then an SMS held for the morning that is due now.
    const flying = await notice(Channel.EMAIL, {
      inFlight: true,
      attempts: 1,
      leaseUntil: new Date(Date.now() + 60_000),
    });
    await db.query(
      `INSERT INTO notifications.notification
         (user_id, channel, kind, title, body, created_at, status, idempotency_key, source, address, in_flight, lease_until, attempts)
       SELECT user_id, channel, kind, title, body, created_at, status, idempotency_key || '-' || g, source, address,
              in_flight, lease_until, attempts
         FROM notifications.notification, generate_series(1, 1000) g WHERE id = $1`,
      [flying.id],
    );
    const held = await notice(Channel.SMS, { notBefore: new Date(clock.now().getTime() - 60_000) });
    await sweeper.sweep();
    expect((await queue.getJobs(['waiting', 'delayed'])).some((j) => j.data.id === held.id)).toBe(true);
  });

  it('marks an e-mail cut off by a crash FAILED when no lookup can tell, rather than risk a second one', async () => {
    const email = await notice(Channel.EMAIL, {
      inFlight: true,
      leaseUntil: new Date(Date.now() - 1000),
    });
    await service(false).deliver(email.id, false);
    expect(mail.messages()).toHaveLength(0);
    expect(await reload(email.id)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/^UNCERTAIN/) });
  });

  it('fails at once on a refusal and after the last retry on an outage, keeping the reason', async () => {
    const deliveries = service(true);
    mail.setFailing(true);
    const refused = await notice(Channel.EMAIL);
    await deliveries.deliver(refused.id, false);
    expect(await reload(refused.id)).toMatchObject({ status: 'FAILED', lastError: 'SMTP 550', failedAt: clock.now() });

    sms.setMode('outage');
    const text = await notice(Channel.SMS);
    await expect(deliveries.deliver(text.id, false)).rejects.toThrow('SMS provider answered HTTP 503');
    expect(await reload(text.id)).toMatchObject({ status: 'QUEUED', inFlight: false, attempts: 1 });
    await deliveries.deliver(text.id, true);
    expect(await reload(text.id)).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      lastError: 'SMS provider answered HTTP 503',
    });
  });
});
