import { KAZAKHSTAN_DEFAULT_YEARS, WorkingCalendar } from '@kezek/calendar';
import { demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { gql, testRedisUrl } from '@kezek/testing';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * Every deadline of the turn, through the gateway with the manual clock an ADMIN moves (nobody
 * sleeps for a working day): an offer window passes and its seat goes to free choice (R10, R11);
 * a referral not used in time is cancelled, the child goes on the stop-list for exactly the
 * policy's working days across a public holiday and comes off it, and a second miss removes it
 * from the queue (R13, R16, R17). With the worker killed and Redis emptied, the sweeper enforces
 * every deadline and opens the round of a publication whose event was lost.
 */
describe('deadlines through the gateway on the manual clock', () => {
  let running: SigningStack;
  let url: string;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operator = demoPerson('operator-astana');
  const admin = demoPerson('admin');
  const people = [parent, other, operator, admin];
  const tokens = new Map<string, string>();
  const as = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}`, 'x-kezek-portal': 'astana' });
  const calendar = new WorkingCalendar(KAZAKHSTAN_DEFAULT_YEARS);
  const YEAR = 2022;

  /** Moves the graph's clock; tokens expire on the moved clock, so everyone signs in again. */
  async function moveTo(instant: string | Date) {
    const moved = await gql<{ advanceClock: { now: string } }>(
      url,
      'mutation($to: String) { advanceClock(to: $to) { now } }',
      { to: new Date(instant).toISOString() },
      as('admin'),
    );
    expect(moved.errors).toBeUndefined();
    for (const p of people) tokens.set(p.key, await running.signIn(p.iin));
  }

  async function signed<T>(who: string, iin: string, prepare: string, vars: Record<string, unknown>) {
    const prepared = await gql<Record<string, { id: string; xml: string }>>(url, prepare, vars, as(who));
    if (prepared.errors) return { errors: prepared.errors, data: undefined as T | undefined };
    const request = Object.values(prepared.data!)[0];
    const res = await gql<{ submitSigned: T }>(
      url,
      `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
        ... on Application { id } ... on Referral { id expiresAt group { id } } } }`,
      { id: request.id, x: await running.sign(request.xml, iin, 'SIGN') },
      as(who),
    );
    return { errors: res.errors, data: res.data?.submitSigned };
  }

  async function file(who: string, iin: string, i: number, year = YEAR) {
    const birthDate = `${year}-05-1${i}`;
    const res = await signed<{ id: string }>(
      who,
      iin,
      `mutation($child: ChildInput!) { prepareApplication(child: $child, regionId: "astana") { id xml } }`,
      { child: { iin: makeIin(birthDate, 'M', 600 + i * 13), fullName: `Мерзім Бала ${i}`, birthDate } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.id;
  }

  type AppView = {
    status: string;
    queueNumber: number | null;
    missedReferrals: number;
    onStopListUntil: string | null;
    currentOffer: { expiresAt: string; groups: Array<{ id: string }> } | null;
    referrals: Array<{ id: string; status: string; expiresAt: string }>;
    history: Array<{ action: string }>;
  };
  const view = async (id: string, who = 'aigerim') =>
    (
      await gql<{ application: AppView }>(
        url,
        `query($id: ID) { application(id: $id) { status queueNumber missedReferrals onStopListUntil
          currentOffer { expiresAt groups { id } } referrals { id status expiresAt } history { action } } }`,
        { id },
        as(who),
      )
    ).data!.application;

  async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await probe();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const available = async (applicationId: string, who = 'aigerim') =>
    (
      await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
        url,
        'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
        { a: applicationId },
        as(who),
      )
    ).data!.availableGroups;

  let group: string;
  /** A group of a state kindergarten of Astana for the group year. */
  async function groupOf(year: number) {
    const ks = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(url, `{ kindergartens(regionId: "astana", groupYear: ${year}) { isState groups { id groupYear } } }`);
    return ks.data!.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === year)!.id;
  }
  async function publish(g = group) {
    const res = await gql(
      url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 1) { id } }',
      { g },
      as('operator-astana'),
    );
    expect(res.errors).toBeUndefined();
  }
  const choose = (who: string, iin: string, applicationId: string, groupId: string) =>
    signed<{ id: string; expiresAt: string; group: { id: string } }>(
      who,
      iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: applicationId, g: groupId },
    );

  beforeAll(async () => {
    running = await startSigningStack(people, { workers: true, env: { LOG_LEVEL: 'warn' }, onLine: () => undefined });
    url = running.url;
    tokens.set('admin', await running.signIn(admin.iin));
    // Monday 1 March 2027, 09:00 in Almaty: International Women's Day (8 March) and Nauryz lie ahead.
    await moveTo('2027-03-01T04:00:00Z');
    const ks = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(url, `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { isState groups { id groupYear } } }`);
    group = ks.data!.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === YEAR)!.id;
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('lapses an offer when its window ends; the child keeps its place and another child takes the seat (R10, R11)', async () => {
    const first = await file('aigerim', parent.iin, 1);
    const second = await file('daniyar', other.iin, 2);
    const placeBefore = (await view(first)).queueNumber;
    await publish();
    const notified = await until(
      'the offer',
      () => view(first),
      (a) => a.status === 'NOTIFIED',
    );
    const offered = notified.currentOffer!.groups[0].id;
    // R10: 3 working days from Monday 1 March: the end of Thursday 4 March in Almaty.
    expect(notified.currentOffer!.expiresAt).toBe('2027-03-04T23:59:59.999+05:00');
    const freeBefore = (await available(second, 'daniyar')).find((g) => g.id === offered)?.freeSeats ?? 0;

    // The manual clock runs on from where it is moved: "before" is a minute before, "after" 1 ms after.
    await moveTo('2027-03-04T18:59:00.000Z');
    expect((await view(first)).status).toBe('NOTIFIED');
    await moveTo('2027-03-04T19:00:00.000Z');
    const lapsed = await view(first);
    expect(lapsed).toMatchObject({ status: 'IN_QUEUE', currentOffer: null, queueNumber: placeBefore });
    expect(lapsed.history.at(-1)!.action).toBe('OFFER_LAPSED');
    // The held seat is free choice now: one more free seat in that group for every queued child.
    await until(
      'the held seat to be free',
      async () => (await available(second, 'daniyar')).find((g) => g.id === offered)?.freeSeats ?? 0,
      (n) => n === freeBefore + 1,
    );
    const taken = await choose('daniyar', other.iin, second, offered);
    expect(taken.errors).toBeUndefined();
    expect(taken.data!.group.id).toBe(offered);
  });

  it('cancels an unused referral, stop-lists the child for 10 working days across a holiday, then removes it at the second miss (R16, R17)', async () => {
    const child = await file('aigerim', parent.iin, 3);
    const free = (await available(child))[0];
    const issued = await choose('aigerim', parent.iin, child, free.id);
    expect(issued.errors).toBeUndefined();
    const now = new Date(
      (await gql<{ clock: { now: string } }>(url, '{ clock { now } }', {}, as('admin'))).data!.clock.now,
    );
    const expiresAt = calendar.workingDaysDeadline(now, 5);
    expect(new Date(issued.data!.expiresAt).getTime()).toBe(expiresAt.getTime());

    await moveTo(new Date(expiresAt.getTime() - 60_000));
    expect((await view(child)).referrals[0].status).toBe('ISSUED');
    await moveTo(new Date(expiresAt.getTime() + 1));
    const missed = await view(child);
    const stopListUntil = calendar.workingDaysDeadline(expiresAt, 10);
    expect(missed).toMatchObject({ status: 'IN_QUEUE', missedReferrals: 1 });
    expect(new Date(missed.onStopListUntil!).getTime()).toBe(stopListUntil.getTime());
    expect(missed.referrals[0].status).toBe('EXPIRED');
    // Nauryz lies inside the 10 working days: the stop-list is longer than 14 calendar days.
    const days = (stopListUntil.getTime() - expiresAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(14);
    expect(calendar.describeDay('2027-03-22').working).toBe(false);
    // The seat is free again and the stop-listed child may choose nothing.
    expect(await available(child)).toEqual([]);
    const refused = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: child, g: free.id },
      as('aigerim'),
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'ON_STOP_LIST' });

    await moveTo(new Date(stopListUntil.getTime() - 60_000));
    expect((await view(child)).onStopListUntil).not.toBeNull();
    await moveTo(new Date(stopListUntil.getTime() + 1));
    const released = await view(child);
    expect(released.onStopListUntil).toBeNull();
    expect(released.history.at(-1)!.action).toBe('STOP_LIST_RELEASED');

    // Off the stop-list it chooses among free seats again; a second unused referral removes it.
    const again = await choose('aigerim', parent.iin, child, (await available(child))[0].id);
    expect(again.errors).toBeUndefined();
    await moveTo(new Date(new Date(again.data!.expiresAt).getTime() + 1));
    const removed = await view(child);
    expect(removed).toMatchObject({ status: 'REMOVED', missedReferrals: 2, queueNumber: null });
    expect(removed.history.at(-1)!.action).toBe('REMOVED_AFTER_EXPIRED_REFERRALS');
  });

  it('refuses a revocation after 24 hours; an extended referral expires at its new date, not the old one (R14, R15)', async () => {
    const child = await file('aigerim', parent.iin, 4);
    const issued = await choose('aigerim', parent.iin, child, (await available(child))[0].id);
    expect(issued.errors).toBeUndefined();
    const referral = issued.data!;
    const issuedAt = new Date(
      (await gql<{ clock: { now: string } }>(url, '{ clock { now } }', {}, as('admin'))).data!.clock.now,
    );
    await moveTo(new Date(issuedAt.getTime() + 24 * 3600_000 + 60_000));
    const late = await gql(
      url,
      'mutation($r: ID!) { prepareReferralRevocation(referralId: $r, reason: "Передумали") { id } }',
      { r: referral.id },
      as('aigerim'),
    );
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'REVOCATION_WINDOW_CLOSED' });

    // Extended by three calendar days past the original expiry (R14 allows up to 30).
    const original = new Date(referral.expiresAt);
    const until = new Date(original.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const extended = await signed<{ id: string; expiresAt: string }>(
      'aigerim',
      parent.iin,
      'mutation($r: ID!, $u: Date!) { prepareReferralExtension(referralId: $r, until: $u, reason: "Ребёнок болеет") { id xml } }',
      { r: referral.id, u: until },
    );
    expect(extended.errors).toBeUndefined();
    const newExpiry = new Date(extended.data!.expiresAt);
    expect(newExpiry.getTime()).toBeGreaterThan(original.getTime());
    // The original deadline passes: its job, and the sweep, find the referral valid.
    await moveTo(new Date(original.getTime() + 60_000));
    expect((await view(child)).referrals[0].status).toBe('ISSUED');
    await moveTo(new Date(newExpiry.getTime() + 1));
    expect((await view(child)).referrals[0].status).toBe('EXPIRED');
  });

  it('fires every deadline after the worker was killed and Redis lost its jobs (the sweeper)', async () => {
    const referred = await file('aigerim', parent.iin, 5);
    const referral = await choose('aigerim', parent.iin, referred, (await available(referred))[0].id);
    expect(referral.errors).toBeUndefined();
    // A queue of its own (group year 2021, no demo child in it): the earlier tests' children are not ahead.
    const notified = await file('daniyar', other.iin, 6, YEAR - 1);
    await publish(await groupOf(YEAR - 1));
    const offer = (
      await until(
        'the offer',
        () => view(notified, 'daniyar'),
        (a) => a.status === 'NOTIFIED',
      )
    ).currentOffer!;

    await running.stack.kill('queue-worker');
    // What a Redis restarted without persistence loses: every job list of the queue (delayed
    // deadlines, the inbox, the sweep's schedule). The run's Redis is shared, so only this stack's.
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${running.queuePrefix}:queue-*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    await redis.quit();

    const expiry = new Date(referral.data!.expiresAt);
    const later = Math.max(expiry.getTime(), new Date(offer.expiresAt).getTime()) + 1;
    await moveTo(new Date(later));
    // Nobody enforced them while the worker was down.
    expect((await view(referred)).referrals[0].status).toBe('ISSUED');
    expect((await view(notified, 'daniyar')).status).toBe('NOTIFIED');

    await running.stack.restart('queue-worker');
    await until(
      'the referral to expire',
      () => view(referred),
      (a) => a.referrals[0].status === 'EXPIRED',
    );
    const lapsed = await until(
      'the offer to lapse',
      () => view(notified, 'daniyar'),
      (a) => a.status === 'IN_QUEUE',
    );
    expect(lapsed.currentOffer).toBeNull();
    const stopListed = await view(referred);
    expect(stopListed).toMatchObject({ status: 'IN_QUEUE', missedReferrals: 1 });
    expect(stopListed.onStopListUntil).not.toBeNull();
  });

  it('opens the round of a publication whose SeatsPublished Redis lost (the sweeper, from the seats awaiting it)', async () => {
    const child = await file('daniyar', other.iin, 7, YEAR - 1);
    await running.stack.kill('queue-worker');
    // Published while the queue's worker is down: its event waits in the queue's inbox, where
    // Redis loses it.
    const published = await gql(
      url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }',
      { g: await groupOf(YEAR - 1) },
      as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    const inbox = new Queue('queue-inbox', {
      connection: { url: testRedisUrl(), maxRetriesPerRequest: null },
      prefix: running.queuePrefix,
    });
    try {
      const [job] = await until(
        'the SeatsPublished job',
        async () =>
          (await inbox.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => j.name === 'SeatsPublished'),
        (jobs) => jobs.length === 1,
      );
      await job.remove();
    } finally {
      await inbox.close();
    }
    await running.stack.restart('queue-worker');
    // Nothing told the queue: the child waits, and the published seats await their round (no free choice).
    expect((await view(child, 'daniyar')).status).toBe('IN_QUEUE');
    // Three minutes later the sweep (run when the clock moves) finds the seats still awaiting at vacancies.
    const now = await gql<{ clock: { now: string } }>(url, '{ clock { now } }', {}, as('admin'));
    await moveTo(new Date(new Date(now.data!.clock.now).getTime() + 3 * 60_000));
    const offered = await until(
      'the offer of the recovered publication',
      () => view(child, 'daniyar'),
      (a) => a.status === 'NOTIFIED',
    );
    expect(offered.history.map((h) => h.action)).toContain('OFFER_MADE');
  });
});
