import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { DevMailCatcher, DevSmsProvider, startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { IdentityApiClient, PersonContacts } from '@kezek/identity-api';
import { JobList, Queues } from '@kezek/jobs';
import { Portals } from '@kezek/portals';
import { NoticeFacts } from '@kezek/queue-api';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { VacanciesApiClient } from '@kezek/vacancies-api';
import { DEFAULT_PROVIDER_TIMEOUT_SECONDS } from '../src/config';
import { notificationsData } from '../src/data-source';
import { DeliveryService } from '../src/delivery/delivery.service';
import { MailTransport } from '../src/delivery/mail.transport';
import { SmsTransport } from '../src/delivery/sms.transport';
import { NoticeWriter } from '../src/notice/notice-writer.service';
import { NoticeKind } from '../src/notification/models/notice-kind';
import { NotificationPreference } from '../src/notification/notification-preference.entity';
import { Notification } from '../src/notification/notification.entity';

const TIMEOUT_MS = DEFAULT_PROVIDER_TIMEOUT_SECONDS * 1000;

const MOTHER = '11111111-1111-4111-8111-111111111111';
const FATHER = '22222222-2222-4222-8222-222222222222';
const APP = '33333333-3333-4333-8333-333333333333';

/**
 * Writing the notices of one event on real PostgreSQL and Redis (queue, identity and vacancies are
 * other services: their answers are given here): every applicant (R9) in their language on their
 * channels, once however often the event comes, the sends due at once sent (a real SMTP server,
 * the dev SMS provider), a send that may pass later left to a job, and the night's SMS held.
 */
describe('writing the notices of an event', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let queue: Queue;
  let writer: NoticeWriter;
  let mail: DevMailCatcher;
  let provider: DevSmsProvider;
  let transport: MailTransport;
  // 21:00 in Almaty: an hour before the SMS quiet hours.
  const clock = new ManualClock('2026-03-02T16:00:00Z');
  let contacts: PersonContacts[];
  const facts: NoticeFacts = {
    application: {
      id: APP,
      number: 'УО.2026.000001.1',
      portalId: 'astana',
      regionId: 'astana',
      status: 'NOTIFIED',
      childFullName: 'ҚОНЫСБАЙ АЙЛИН',
      language: 'KK',
      applicantIds: [MOTHER, FATHER],
      onStopListUntil: null,
    },
    referral: null,
    offer: null,
  };
  const turnCame = { kind: NoticeKind.TURN_CAME, applicationId: APP, deadline: new Date('2026-03-05T18:59:59.999Z') };
  const rows = (source: string) =>
    db.getRepository(Notification).find({ where: { source }, order: { userId: 'ASC', channel: 'ASC' } });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(notificationsData, testDb.url).initialize();
    queue = new Queue(JobList.NotificationsDelivery, {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: testQueuePrefix(),
    });
    mail = await startDevMailCatcher();
    provider = await startDevSmsProvider({ port: 0 });
    transport = new MailTransport(mail.smtpUrl, 'Kezek <no-reply@kezek.kz>', TIMEOUT_MS, mail.apiUrl);
    const queues = { get: () => queue } as unknown as Queues;
    const identity = { contacts: async () => contacts } as unknown as IdentityApiClient;
    const vacancies = { groups: async () => [] } as unknown as VacanciesApiClient;
    const delivery = new DeliveryService(db, clock, queues, transport, new SmsTransport(provider.url, TIMEOUT_MS), {
      PROVIDER_TIMEOUT_SECONDS: DEFAULT_PROVIDER_TIMEOUT_SECONDS,
    });
    writer = new NoticeWriter(db, clock, Portals.fromEnv(undefined), identity, vacancies, delivery);
    await db.getRepository(NotificationPreference).save({
      userId: MOTHER,
      language: 'RU',
      email: true,
      sms: false,
      inApp: true,
      updatedAt: clock.now(),
    });
  });

  afterAll(async () => {
    transport?.close();
    await mail?.close();
    await provider?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it('tells every applicant in their language on their channels, once however often the event comes', async () => {
    // The father is not known to identity (yet): in-app, and the e-mail a deadline needs fails visibly.
    contacts = [{ id: MOTHER, fullName: 'M', email: 'mother@example.kz', phone: '+77011234567' }];
    await writer.write('event-1', turnCame, facts);
    await writer.write('event-1', turnCame, facts);
    const written = await rows('event-1');
    expect(written.map((n) => [n.userId, n.channel, n.language, n.status, n.address])).toEqual([
      [MOTHER, 'EMAIL', 'RU', 'SENT', 'mother@example.kz'],
      [MOTHER, 'IN_APP', 'RU', 'DELIVERED', null],
      [FATHER, 'EMAIL', 'KK', 'FAILED', null],
      [FATHER, 'IN_APP', 'KK', 'DELIVERED', null],
    ]);
    expect(written[0]).toMatchObject({ title: 'Ваша очередь подошла', kind: 'TURN_CAME', applicationId: APP });
    expect(written[0].body).toContain('05.03.2026 23:59');
    expect(written[2].lastError).toMatch(/^NO_ADDRESS/);
    // The one e-mail due is sent as it is written, once whatever the redelivery; no job is left.
    expect(written[0]).toMatchObject({ status: 'SENT', inFlight: false, attempts: 1, sentAt: clock.now() });
    expect(mail.messages()).toEqual([
      expect.objectContaining({ messageId: `<${written[0].id}@notifications.kezek>`, to: ['mother@example.kz'] }),
    ]);
    expect(await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).toEqual([]);
  });

  it('holds the SMS written at night for 08:00 and sends the e-mail at once', async () => {
    clock.set('2026-03-02T18:30:00Z'); // 23:30 in Almaty
    contacts = [
      { id: MOTHER, fullName: 'M', email: 'mother@example.kz', phone: '+77011234567' },
      { id: FATHER, fullName: 'F', email: 'father@example.kz', phone: '+77017654321' },
    ];
    await writer.write('event-2', { kind: NoticeKind.STOP_LIST_OVER, applicationId: APP }, facts);
    const sms = (await rows('event-2')).filter((n) => n.channel === 'SMS');
    expect(sms).toEqual([
      expect.objectContaining({ userId: FATHER, status: 'QUEUED', notBefore: new Date('2026-03-03T03:00:00Z') }),
    ]);
    const queued = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).map((j) => j.data.id);
    expect(queued).not.toContain(sms[0].id);
    expect(mail.messages().map((m) => m.to)).toEqual(
      expect.arrayContaining([['mother@example.kz'], ['father@example.kz']]),
    );
  });

  it('leaves a send that may pass later to a job, and one a crash cut off to a job that reconciles', async () => {
    clock.set('2026-03-03T05:00:00Z'); // 10:00 in Almaty
    contacts = [{ id: MOTHER, fullName: 'M', email: 'mother@example.kz', phone: '+77011234567' }];
    await db.getRepository(NotificationPreference).update({ userId: MOTHER }, { sms: true });
    provider.setMode('outage');
    await writer.write('event-3', { kind: NoticeKind.STOP_LIST_OVER, applicationId: APP }, facts);
    provider.setMode('ok');
    const [email, failed] = await rows('event-3').then((r) => r.filter((n) => n.channel !== 'IN_APP'));
    expect(email).toMatchObject({ channel: 'EMAIL', status: 'SENT' });
    expect(failed).toMatchObject({
      status: 'QUEUED',
      inFlight: false,
      attempts: 1,
      lastError: expect.stringMatching(/503/),
    });
    const retry = await queue.getJob(`deliver:${failed.id}:retry`);
    expect(retry && (await retry.getState())).toBe('delayed');

    // A worker killed mid-send left the notice in flight; the event comes again once the lease is over.
    await db
      .getRepository(Notification)
      .update({ id: failed.id }, { inFlight: true, leaseUntil: new Date(Date.now() - 1000), attempts: 2 });
    await writer.write('event-3', { kind: NoticeKind.STOP_LIST_OVER, applicationId: APP }, facts);
    expect(await queue.getJob(`deliver:${failed.id}:crashed-2`)).toBeDefined();
    expect(provider.messages().filter((m) => m.key === failed.idempotencyKey)).toHaveLength(0);
  });

  it('writes concurrent events together, an event arriving twice at once sent once', async () => {
    clock.set('2026-03-03T06:00:00Z');
    contacts = [{ id: MOTHER, fullName: 'M', email: 'mother@example.kz', phone: '+77011234567' }];
    await db.getRepository(NotificationPreference).update({ userId: MOTHER }, { sms: true });
    mail.clear();
    const sources = ['event-6', 'event-7', 'event-6', 'event-8', 'event-7'];
    await Promise.all(
      sources.map((source) => writer.write(source, { kind: NoticeKind.STOP_LIST_OVER, applicationId: APP }, facts)),
    );
    for (const source of new Set(sources)) {
      const written = await rows(source);
      // The father is not known to identity: in-app only, his e-mail FAILED for an operator.
      expect(written.map((n) => [n.userId, n.channel, n.status])).toEqual([
        [MOTHER, 'EMAIL', 'SENT'],
        [MOTHER, 'IN_APP', 'DELIVERED'],
        [MOTHER, 'SMS', 'DELIVERED'],
        [FATHER, 'EMAIL', 'FAILED'],
        [FATHER, 'IN_APP', 'DELIVERED'],
      ]);
    }
    expect(mail.messages()).toHaveLength(3);
    expect(provider.messages().filter((m) => /^event-[678]:/.test(m.key))).toHaveLength(3);
    expect(provider.repeats()).toBe(0);
  });
});
