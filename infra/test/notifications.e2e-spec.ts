import { Queue } from 'bullmq';
import { Client } from 'pg';
import { demoPerson } from '@kezek/demo';
import { DevMailCatcher, DevSmsProvider } from '@kezek/dev-messaging';
import { gql, testRedisUrl } from '@kezek/testing';
import { lifecycleClient } from './lifecycle-helpers';
import { MessagingStack, startMessagingStack } from './signing-stack';

/**
 * Notices through the whole graph (issue 11): queue events become e-mails on a real SMTP server,
 * SMS at the development provider and in-app notices, in the parent's language; a redelivered
 * event and a worker killed (kill -9) mid-send send nothing twice; an SMS at night waits for
 * 08:00 on the manual clock; what failed on every channel is visible to operators and re-driven.
 */
describe('notifications through the gateway', () => {
  let running: MessagingStack;
  let mail: DevMailCatcher;
  let sms: DevSmsProvider;
  let client: ReturnType<typeof lifecycleClient>;
  const parent = demoPerson('aigerim');
  const operator = demoPerson('operator-astana');
  const admin = demoPerson('admin');
  const people = [parent, operator, admin];
  // A group year no demo child of Astana is in: the queue is exactly the children filed here.
  const YEAR = 2022;

  type NoticeView = {
    id: string;
    channel: string;
    kind: string;
    title: string;
    body: string;
    status: string;
    notBefore: string | null;
    sentAt: string | null;
  };
  const gq = async <T>(query: string, vars: Record<string, unknown>, who: string) => {
    const res = await gql<T>(running.url, query, vars, client.as(who));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const notices = async (kind: string) =>
    (
      await gq<{ myNotifications: NoticeView[] }>(
        '{ myNotifications { id channel kind title body status notBefore sentAt } }',
        {},
        'aigerim',
      )
    ).myNotifications.filter((n) => n.kind === kind);
  const mailsTitled = (subject: string) =>
    mail.messages().filter((m) => m.subject === subject && m.to.includes(parent.email!));
  const smsStarting = (title: string) =>
    sms.messages().filter((m) => m.text.startsWith(`${title}.`) && m.to === parent.phone);

  async function moveTo(instant: Date) {
    await gq('mutation($to: String) { advanceClock(to: $to) { now } }', { to: instant.toISOString() }, 'admin');
    // Tokens expire on the moved clock: everyone signs in again.
    for (const p of people) await client.signIn(p.key, p.iin);
  }

  async function publishSeat() {
    const ks = await gq<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { isState groups { id groupYear } } }`,
      {},
      'operator-astana',
    );
    const group = ks.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === YEAR)!.id;
    await gq('mutation($g: ID!) { publishSeats(groupId: $g, count: 1) { id } }', { g: group }, 'operator-astana');
  }

  const offerOf = async (applicationId: string) =>
    (
      await gq<{ application: { status: string; currentOffer: { groups: Array<{ id: string }> } | null } }>(
        'query($id: ID) { application(id: $id) { status currentOffer { groups { id } } } }',
        { id: applicationId },
        'aigerim',
      )
    ).application;

  let first: { id: string; number: string };
  let referral: { id: string; expiresAt: string };

  beforeAll(async () => {
    running = await startMessagingStack(people, {
      // A 20-s lease: the send of the killed worker below is taken over 20 s after it began, not 40.
      env: { LOG_LEVEL: 'warn', PROVIDER_TIMEOUT_SECONDS: '5' },
      onLine: () => undefined,
    });
    ({ mail, sms } = running);
    client = lifecycleClient(running);
    await client.signIn('admin', admin.iin);
    // Monday 1 March 2027, 09:00 in Almaty (R1).
    await moveTo(new Date('2027-03-01T04:00:00Z'));
    first = await client.file('aigerim', parent.iin, 701, 'NONE', `${YEAR}-06-01`);
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('tells the turn came by e-mail, SMS and in-app in Kazakh with the window end, once even when the event comes again', async () => {
    await publishSeat();
    await client.until(
      'the offer e-mail and SMS',
      async () => [mailsTitled('Кезегіңіз келді'), smsStarting('Кезегіңіз келді')],
      ([m, s]) => m.length > 0 && s.length > 0,
    );
    const [email] = mailsTitled('Кезегіңіз келді');
    // R10: 3 working days from Monday 1 March: the end of Thursday 4 March, Almaty time.
    expect(email.text).toContain('04.03.2027 23:59');
    expect(email.text).toContain('Кезек Бала 701');
    expect(email.text).toContain(first.number);
    const inApp = await client.until(
      'the notices to be recorded as sent',
      () => notices('TURN_CAME'),
      (n) => n.length === 3 && n.every((x) => x.status !== 'QUEUED'),
    );
    expect(Object.fromEntries(inApp.map((n) => [n.channel, n.status]))).toEqual({
      IN_APP: 'DELIVERED',
      EMAIL: 'SENT',
      SMS: 'DELIVERED',
    });
    expect(inApp[0].title).toBe('Кезегіңіз келді');

    // The same event delivered again (a broker without dedupe, a relay replaying): nothing new.
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    const [event] = (
      await db.query(
        `SELECT event_id, type, aggregate_id, payload, occurred_at FROM queue.outbox WHERE type = 'OfferMade'`,
      )
    ).rows;
    await db.end();
    const inbox = new Queue('notifications-inbox', {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: running.queuePrefix,
    });
    const again = await inbox.add(
      'OfferMade',
      {
        eventId: event.event_id,
        type: event.type,
        aggregateId: event.aggregate_id,
        payload: event.payload,
        occurredAt: event.occurred_at,
      },
      { jobId: `${event.event_id}-again` },
    );
    await client.until(
      'the redelivered event to be handled',
      () => again.getState(),
      (s) => s === 'completed',
    );
    await inbox.close();
    expect(mailsTitled('Кезегіңіз келді')).toHaveLength(1);
    expect(smsStarting('Кезегіңіз келді')).toHaveLength(1);
    expect(await notices('TURN_CAME')).toHaveLength(3);
  });

  it("writes the referral in the parent's chosen language with the kindergarten, and reminds the day before it expires", async () => {
    await gq(
      'mutation { setNotificationPreferences(language: "EN", email: true, sms: true, inApp: true) { language } }',
      {},
      'aigerim',
    );
    const offered = (await offerOf(first.id)).currentOffer!.groups[0].id;
    const res = await client.signed<{ id: string; expiresAt: string }>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: first.id, g: offered },
    );
    expect(res.errors).toBeUndefined();
    referral = res.data!;
    const [issued] = await client.until(
      'the referral e-mail',
      async () => mailsTitled('Referral issued'),
      (m) => m.length > 0,
    );
    expect(issued.text).toMatch(/to the kindergarten «[^»]+»/);
    // 5 working days from 1 March 2027 skip 8 March (a holiday): the end of Tuesday 9 March.
    expect(referral.expiresAt).toBe('2027-03-09T23:59:59.999+05:00');
    expect(issued.text).toContain('09.03.2027 23:59');

    // R13: "expires tomorrow" at 10:00 of Monday 8 March, not a minute before.
    await moveTo(new Date('2027-03-08T04:59:00Z'));
    expect(mailsTitled('Referral expires tomorrow')).toHaveLength(0);
    await moveTo(new Date('2027-03-08T05:00:01Z'));
    const [reminder] = await client.until(
      'the reminder',
      async () => mailsTitled('Referral expires tomorrow'),
      (m) => m.length > 0,
    );
    expect(reminder.text).toContain('09.03.2027 23:59');
    await client.until(
      'the reminder SMS',
      async () => smsStarting('Referral expires tomorrow'),
      (m) => m.length === 1,
    );
  });

  it('holds an SMS sent at night until 08:00 Almaty time while the e-mail goes at once', async () => {
    // 22:30 on Monday 8 March in Almaty.
    await moveTo(new Date('2027-03-08T17:30:00Z'));
    const res = await client.signed<{ id: string; expiresAt: string }>(
      'aigerim',
      parent.iin,
      'mutation($r: ID!, $u: Date!, $why: String!) { prepareReferralExtension(referralId: $r, until: $u, reason: $why) { id xml } }',
      { r: referral.id, u: '2027-03-22', why: 'Ребёнок болеет' },
    );
    expect(res.errors).toBeUndefined();
    referral = res.data!;
    await client.until(
      'the extension e-mail',
      async () => mailsTitled('Referral extended'),
      (m) => m.length === 1,
    );
    const held = (await notices('EXTENSION_ACCEPTED')).find((n) => n.channel === 'SMS')!;
    expect(held).toMatchObject({ status: 'QUEUED', notBefore: '2027-03-09T08:00:00.000+05:00' });
    await moveTo(new Date('2027-03-09T02:59:00Z'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(smsStarting('Referral extended')).toHaveLength(0);
    await moveTo(new Date('2027-03-09T03:00:01Z'));
    await client.until(
      'the morning SMS',
      async () => smsStarting('Referral extended'),
      (m) => m.length === 1,
    );
    const sent = (
      await client.until(
        'the SMS recorded as delivered',
        () => notices('EXTENSION_ACCEPTED'),
        (n) => n.find((x) => x.channel === 'SMS')!.status === 'DELIVERED',
      )
    ).find((x) => x.channel === 'SMS')!;
    expect(sent.sentAt! >= '2027-03-09T08:00:01').toBe(true);
  });

  it('sends nothing twice and loses nothing when the worker is killed (kill -9) in the middle of its sends', async () => {
    const second = await client.file('aigerim', parent.iin, 702, 'NONE', `${YEAR}-06-02`);
    // The providers keep what they get at once but answer late: the worker dies before it records the outcome.
    mail.setDelay(20_000);
    sms.setDelay(20_000);
    const before = { mails: mailsTitled('Your turn has come').length, sms: smsStarting('Your turn has come').length };
    await publishSeat();
    await client.until(
      'both sends to reach the providers',
      async () => [mailsTitled('Your turn has come').length, smsStarting('Your turn has come').length],
      ([m, s]) => m === before.mails + 1 && s === before.sms + 1,
      60_000,
    );
    await running.stack.kill('notifications-worker');
    mail.setDelay(0);
    sms.setDelay(0);
    await running.stack.restart('notifications-worker');
    const done = await client.until(
      'the sends to be reconciled after the restart',
      async () =>
        (await notices('TURN_CAME')).filter((n) => n.body.includes('Кезек Бала 702') || n.body.includes(second.number)),
      (n) => n.length === 3 && n.every((x) => x.status !== 'QUEUED'),
      120_000,
    );
    expect(Object.fromEntries(done.map((n) => [n.channel, n.status]))).toEqual({
      IN_APP: 'DELIVERED',
      EMAIL: 'SENT',
      SMS: 'DELIVERED',
    });
    expect(mailsTitled('Your turn has come')).toHaveLength(before.mails + 1);
    expect(smsStarting('Your turn has come')).toHaveLength(before.sms + 1);
  });

  it('shows operators a notice that failed on every channel, with when the parent was reached, and re-drives it', async () => {
    mail.setFailing(true);
    sms.setMode('refusing');
    // The extended referral is not used: cancelled, and the child goes on the stop-list (R16).
    const expiry = new Date(referral.expiresAt).getTime();
    await moveTo(new Date(expiry + 1000));
    // Midnight in Almaty: the SMS waits for 08:00, then is refused too.
    await moveTo(new Date(expiry + 8 * 3600_000 + 2000));
    const records = await client.until(
      'the unreached notice',
      async () =>
        (
          await gq<{
            unreachedNotices: Array<{
              kind: string;
              applicationId: string;
              referralId: string;
              reachedAt: string | null;
              failedChannels: string[];
            }>;
          }>('{ unreachedNotices { kind applicationId referralId reachedAt failedChannels } }', {}, 'operator-astana')
        ).unreachedNotices,
      (r) => r.some((x) => x.kind === 'REFERRAL_CANCELLED'),
    );
    expect(records.find((x) => x.kind === 'REFERRAL_CANCELLED')).toEqual({
      kind: 'REFERRAL_CANCELLED',
      applicationId: first.id,
      referralId: referral.id,
      reachedAt: null,
      failedChannels: expect.arrayContaining(['EMAIL', 'SMS']),
    });
    // The parent still sees it in the app, in English.
    expect((await notices('REFERRAL_CANCELLED')).find((n) => n.channel === 'IN_APP')!.title).toBe('Referral cancelled');
    const refused = await gql(running.url, '{ unreachedNotices { kind } }', {}, client.as('aigerim'));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const failed = (
      await gq<{ failedNotifications: Array<{ id: string; kind: string; channel: string; lastError: string }> }>(
        '{ failedNotifications { id kind channel lastError } }',
        {},
        'operator-astana',
      )
    ).failedNotifications.filter((n) => n.kind === 'REFERRAL_CANCELLED');
    expect(failed.map((n) => n.channel).sort()).toEqual(['EMAIL', 'SMS']);
    mail.setFailing(false);
    sms.setMode('ok');
    const email = failed.find((n) => n.channel === 'EMAIL')!;
    const redriven = await gq<{ redriveNotification: { status: string } }>(
      'mutation($id: ID!) { redriveNotification(id: $id) { status } }',
      { id: email.id },
      'operator-astana',
    );
    expect(redriven.redriveNotification.status).toBe('QUEUED');
    await client.until(
      'the re-driven e-mail',
      async () => mailsTitled('Referral cancelled'),
      (m) => m.length === 1,
    );
    const record = await client.until(
      'the record to show the parent reached',
      async () =>
        (
          await gq<{ noticeRecords: Array<{ kind: string; reachedAt: string | null; failedChannels: string[] }> }>(
            'query($a: ID!) { noticeRecords(applicationId: $a) { kind reachedAt failedChannels } }',
            { a: first.id },
            'operator-astana',
          )
        ).noticeRecords.find((r) => r.kind === 'REFERRAL_CANCELLED')!,
      (r) => r.reachedAt !== null,
    );
    expect(record.failedChannels).toEqual(['SMS']);
  });

  it("e-mails a code for a new e-mail (R9) in the person's language, once per address given, and confirms it with the code alone", async () => {
    const address = 'aigerim.new@example.kz';
    type Me = { email: string; emailConfirmed: boolean };
    const setEmail = () =>
      gq<{ updateContacts: Me }>(
        'mutation($e: String!) { updateContacts(email: $e) { email emailConfirmed } }',
        { e: address },
        'aigerim',
      );
    expect((await setEmail()).updateContacts).toEqual({ email: address, emailConfirmed: false });
    // A retry of the same address sends no second code.
    await setEmail();
    const [message] = await client.until(
      'the confirmation e-mail',
      async () => mail.messages().filter((m) => m.to.includes(address)),
      (m) => m.length > 0,
    );
    // The person chose English (the referral's test); the code is valid 24 h on the moved clock.
    expect(message.subject).toBe('Confirm your e-mail');
    const code = /code for this address: ([0-9]{6})\./.exec(message.text)![1];
    // The code is the mailbox's alone: not among the person's notices in the portal.
    expect((await notices('EMAIL_CONFIRMATION')).length).toBe(0);

    const confirm = (c: string) =>
      gql<{ confirmEmail: Me }>(
        running.url,
        'mutation($c: String!) { confirmEmail(code: $c) { email emailConfirmed } }',
        { c },
        client.as('aigerim'),
      );
    const wrong = await confirm(code === '000000' ? '000001' : '000000');
    expect(wrong.errors?.[0].extensions?.code).toBe('EMAIL_CONFIRMATION_INVALID');
    expect((await confirm(code)).data?.confirmEmail).toEqual({ email: address, emailConfirmed: true });
    // Repeated (a lost answer retried): the same answer, nothing changes.
    expect((await confirm(code)).data?.confirmEmail).toEqual({ email: address, emailConfirmed: true });
    await new Promise((r) => setTimeout(r, 1000));
    expect(mail.messages().filter((m) => m.to.includes(address))).toHaveLength(1);
  });
});
