import { Queue } from 'bullmq';
import { Client } from 'pg';
import { demoPerson } from '@kezek/demo';
import { DevMailCatcher, DevSmsProvider } from '@kezek/dev-messaging';
import { gql, testRedisUrl } from '@kezek/testing';
import { lifecycleClient } from './lifecycle-helpers';
import { MessagingStack, startMessagingStack } from './signing-stack';

/**
 * The offer window from delivery (R10, R11, issue 11), through the gateway with the workers, a
 * real SMTP server and the manual clock, on a portal whose policy sets offerWindowFromDelivery:
 * an offer whose notices all failed is reached a working day later when an operator re-drives
 * its e-mail, and its child may choose for the policy's working days from then; another offer of
 * the round, never reached, keeps the window counted from sending; the round's unchosen seat goes
 * to free choice only when the later window ends. The default policy (the setting off) keeps the
 * window counted from sending: the deadlines and notifications suites run with it.
 */
describe('the offer window starting at delivery', () => {
  let running: MessagingStack;
  let mail: DevMailCatcher;
  let sms: DevSmsProvider;
  let client: ReturnType<typeof lifecycleClient>;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operator = demoPerson('operator-astana');
  const admin = demoPerson('admin');
  const people = [parent, other, operator, admin];
  // A group year no demo child of Astana is in: the queue is exactly the children filed here.
  const YEAR = 2022;
  // R10: 3 working days from Monday 1 March 2027 end with Thursday 4 March, Almaty time.
  const SENT_END = '2027-03-04T23:59:59.999+05:00';
  // Reached on Tuesday 2 March: 3 working days end with Friday 5 March.
  const REACHED_END = '2027-03-05T23:59:59.999+05:00';

  type AppView = {
    status: string;
    currentOffer: { expiresAt: string; reachedAt: string | null; groups: Array<{ id: string }> } | null;
    history: Array<{ action: string; reason: string | null }>;
  };
  const gq = async <T>(query: string, vars: Record<string, unknown>, who: string) => {
    const res = await gql<T>(running.url, query, vars, client.as(who));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const view = async (id: string, who: string) =>
    (
      await gq<{ application: AppView }>(
        `query($id: ID) { application(id: $id) { status currentOffer { expiresAt reachedAt groups { id } } history { action reason } } }`,
        { id },
        who,
      )
    ).application;
  /** Free seats a waiting child may choose among (R11): the round's held seats are not among them. */
  const freeSeats = async (applicationId: string) =>
    (
      await gq<{ availableGroups: Array<{ freeSeats: number }> }>(
        'query($a: ID!) { availableGroups(applicationId: $a) { freeSeats } }',
        { a: applicationId },
        'aigerim',
      )
    ).availableGroups.reduce((n, g) => n + g.freeSeats, 0);

  async function moveTo(instant: string) {
    await gq(
      'mutation($to: String) { advanceClock(to: $to) { now } }',
      { to: new Date(instant).toISOString() },
      'admin',
    );
    // Tokens expire on the moved clock: everyone signs in again.
    for (const p of people) await client.signIn(p.key, p.iin);
  }

  const choose = (who: string, iin: string, applicationId: string, groupId: string) =>
    client.signed<{ id: string; state: string }>(
      who,
      iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: applicationId, g: groupId },
    );

  let reached: { id: string };
  let unreached: { id: string };
  let waiting: { id: string };
  let group: string;

  beforeAll(async () => {
    running = await startMessagingStack(people, {
      env: { LOG_LEVEL: 'warn', PORTAL_POLICIES: JSON.stringify({ astana: { offerWindowFromDelivery: true } }) },
      onLine: () => undefined,
    });
    ({ mail, sms } = running);
    client = lifecycleClient(running);
    await client.signIn('admin', admin.iin);
    // Monday 1 March 2027, 09:00 in Almaty (R1): 8 March, a holiday, lies ahead.
    await moveTo('2027-03-01T04:00:00Z');
    // Filing order gives the round's two seats to the first two children; the third waits.
    reached = await client.file('aigerim', parent.iin, 801, 'NONE', `${YEAR}-07-01`);
    unreached = await client.file('daniyar', other.iin, 802, 'NONE', `${YEAR}-07-02`);
    waiting = await client.file('aigerim', parent.iin, 803, 'NONE', `${YEAR}-07-03`);
    const ks = await gq<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { isState groups { id groupYear } } }`,
      {},
      'operator-astana',
    );
    group = ks.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === YEAR)!.id;
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('keeps the window counted from sending while no notice reached the parent', async () => {
    // The SMTP server refuses and the SMS provider too: the notices fail on every channel.
    mail.setFailing(true);
    sms.setMode('refusing');
    await gq('mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }', { g: group }, 'operator-astana');
    for (const [app, who] of [
      [reached, 'aigerim'],
      [unreached, 'daniyar'],
    ] as const) {
      const offered = await client.until(
        'the offer',
        () => view(app.id, who),
        (a) => a.status === 'NOTIFIED',
      );
      expect(offered.currentOffer!.expiresAt).toBe(SENT_END);
    }
    expect((await view(waiting.id, 'aigerim')).status).toBe('IN_QUEUE');
    await client.until(
      "the offer's e-mail to fail",
      () => failedOfferEmail(reached.id),
      (n) => n !== undefined,
    );
    // Its e-mail failed and nothing else reached the parent: not reached yet.
    expect((await view(reached.id, 'aigerim')).currentOffer).toMatchObject({ expiresAt: SENT_END, reachedAt: null });
  });

  async function failedOfferEmail(applicationId: string) {
    const failed = await gq<{
      failedNotifications: Array<{ id: string; kind: string; channel: string; applicationId: string }>;
    }>('{ failedNotifications { id kind channel applicationId } }', {}, 'operator-astana');
    return failed.failedNotifications.find(
      (n) => n.kind === 'TURN_CAME' && n.channel === 'EMAIL' && n.applicationId === applicationId,
    );
  }

  it('starts the window when the e-mail re-driven a working day later reaches the parent, once', async () => {
    // Tuesday 2 March, 10:00 in Almaty: the SMTP server is back and an operator re-drives the e-mail.
    await moveTo('2027-03-02T05:00:00Z');
    mail.setFailing(false);
    const email = (await failedOfferEmail(reached.id))!;
    await gq('mutation($id: ID!) { redriveNotification(id: $id) { status } }', { id: email.id }, 'operator-astana');
    const moved = await client.until(
      'the window to start at delivery',
      () => view(reached.id, 'aigerim'),
      (a) => a.currentOffer?.expiresAt === REACHED_END,
    );
    const entries = moved.history.filter((h) => h.action === 'OFFER_WINDOW_FROM_DELIVERY');
    expect(entries).toHaveLength(1);
    expect(entries[0].reason).toContain('2027-03-02T10:00:'); // Almaty time (R1)
    expect(moved.currentOffer!.reachedAt).toMatch(/^2027-03-02T10:00:.*\+05:00$/);
    // The other offer of the round was not reached: its window still counts from sending.
    expect((await view(unreached.id, 'daniyar')).currentOffer!.expiresAt).toBe(SENT_END);

    // The same event delivered again (a relay replaying): nothing changes.
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    const events = (
      await db.query(
        `SELECT event_id, type, aggregate_id, payload, occurred_at FROM notifications.outbox WHERE type = 'OfferNoticeReached'`,
      )
    ).rows;
    await db.end();
    expect(events).toHaveLength(1);
    const inbox = new Queue('queue-inbox', {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: running.queuePrefix,
    });
    const again = await inbox.add(
      events[0].type,
      {
        eventId: events[0].event_id,
        type: events[0].type,
        aggregateId: events[0].aggregate_id,
        payload: events[0].payload,
        occurredAt: events[0].occurred_at,
      },
      { jobId: `${events[0].event_id}-again` },
    );
    await client.until(
      'the redelivered event to be handled',
      () => again.getState(),
      (s) => s === 'completed',
    );
    await inbox.close();
    const after = await view(reached.id, 'aigerim');
    expect(after.currentOffer!.expiresAt).toBe(REACHED_END);
    expect(after.history.filter((h) => h.action === 'OFFER_WINDOW_FROM_DELIVERY')).toHaveLength(1);

    // The e-mail stated the window counted from sending: the parent is told the later end in-app,
    // once (the redelivery moved nothing), and by no e-mail or SMS.
    const told = await client.until(
      'the in-app notice of the later end',
      async () =>
        (
          await gq<{ myNotifications: Array<{ kind: string; channel: string; body: string }> }>(
            '{ myNotifications { kind channel body } }',
            {},
            'aigerim',
          )
        ).myNotifications.filter((n) => n.kind === 'OFFER_WINDOW_MOVED'),
      (notices) => notices.length > 0,
    );
    expect(told).toEqual([expect.objectContaining({ channel: 'IN_APP' })]);
    expect(told[0].body).toContain('05.03.2027 23:59'); // REACHED_END in the notice's words
    expect(told[0].body).not.toContain('04.03.2027');
  });

  it('lets the reached child choose after the window counted from sending, and nobody else', async () => {
    const freeBefore = await freeSeats(waiting.id);
    // Friday 5 March, 00:00 in Almaty: the window counted from sending has ended.
    await moveTo('2027-03-04T19:00:00.000Z');
    const lapsedOwn = await view(unreached.id, 'daniyar');
    // Its own window ended: no choice as an offer, and the round is still open (no lapse yet).
    expect(lapsedOwn).toMatchObject({ status: 'NOTIFIED', currentOffer: null });
    const refused = await gql(
      running.url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: unreached.id, g: group },
      client.as('daniyar'),
    );
    expect(refused.errors?.[0].extensions?.code).toBe('OFFER_WINDOW_CLOSED');
    // Free choice has not started: the round still holds its seats.
    expect(await freeSeats(waiting.id)).toBe(freeBefore);

    const offer = (await view(reached.id, 'aigerim')).currentOffer!;
    expect(offer.expiresAt).toBe(REACHED_END);
    const chosen = await choose('aigerim', parent.iin, reached.id, offer.groups[0].id);
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data!.state).toBe('ISSUED');
  });

  it("gives the round's unchosen seat to free choice only when the later window ends (R11)", async () => {
    const freeBefore = await freeSeats(waiting.id);
    await moveTo('2027-03-05T18:59:00.000Z');
    expect((await view(unreached.id, 'daniyar')).status).toBe('NOTIFIED');
    expect(await freeSeats(waiting.id)).toBe(freeBefore);
    await moveTo('2027-03-05T19:00:00.000Z');
    const lapsed = await view(unreached.id, 'daniyar');
    expect(lapsed).toMatchObject({ status: 'IN_QUEUE', currentOffer: null });
    expect(lapsed.history.at(-1)!.action).toBe('OFFER_LAPSED');
    await client.until(
      'the held seat to be free',
      () => freeSeats(waiting.id),
      (n) => n === freeBefore + 1,
    );
  });
});
