import { Queue } from 'bullmq';
import { Client } from 'pg';
import { demoPerson } from '@kezek/demo';
import { JobList } from '@kezek/jobs';
import { OutboxJobData } from '@kezek/outbox';
import { makeIin } from '@kezek/iin';
import { gql, testRedisUrl } from '@kezek/testing';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * The turn comes, through the gateway with the workers running: an operator publishes seats,
 * the next children in allocation order (R7) are notified with an offer (R10), a notified parent
 * chooses a kindergarten with a signature and gets a referral (R12, R13); the others keep their
 * places; every refusal has its code and changes nothing.
 */
describe('offers and referrals through the gateway', () => {
  let running: SigningStack;
  let url: string;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operator = demoPerson('operator-astana');
  const tokens = new Map<string, string>();
  const as = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}`, 'x-kezek-portal': 'astana' });
  // A group year no demo child of Astana is in: the queue is exactly the children filed here.
  const YEAR = 2022;
  const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
    ... on Application { id number status }
    ... on Referral { id number state: status issuedAt expiresAt revocableUntil group { id groupYear } application { id status } } } }`;
  type App = { id: string; number: string; privilege: string };
  const filed: App[] = [];

  /** prepare… → the emulator signs → submitSigned, as a portal does. */
  async function signed<T>(who: string, iin: string, prepare: string, vars: Record<string, unknown>) {
    const prepared = await gql<Record<string, { id: string; xml: string }>>(url, prepare, vars, as(who));
    if (prepared.errors) return { errors: prepared.errors, data: undefined as T | undefined };
    const request = Object.values(prepared.data!)[0];
    const x = await running.sign(request.xml, iin, 'SIGN');
    const res = await gql<{ submitSigned: T }>(url, SUBMIT, { id: request.id, x }, as(who));
    return { errors: res.errors, data: res.data?.submitSigned, requestId: request.id, x };
  }

  async function file(who: string, iin: string, i: number, privilege: string, birthDate = `${YEAR}-03-1${i}`) {
    const res = await signed<{ id: string; number: string }>(
      who,
      iin,
      `mutation($child: ChildInput!, $privilege: Privilege, $document: PrivilegeDocumentInput) {
        prepareApplication(child: $child, regionId: "astana", privilege: $privilege, privilegeDocument: $document) { id xml } }`,
      {
        child: { iin: makeIin(birthDate, 'F', 400 + i * 11), fullName: `Кезек Бала ${i}`, birthDate },
        privilege,
        document:
          privilege === 'NONE' ? null : { kind: 'Справка', number: `D-${i}`, issuedOn: '2026-01-10', issuer: 'Орган' },
      },
    );
    expect(res.errors).toBeUndefined();
    return { ...res.data!, privilege };
  }

  const APP = `query($id: ID) { application(id: $id) { id status queueNumber
    currentOffer { id createdAt expiresAt groups { id groupYear kindergarten { isState districtId } } }
    referrals { id number status } history { action fromStatus toStatus actor } } }`;
  type AppView = {
    id: string;
    status: string;
    queueNumber: number | null;
    currentOffer: { id: string; expiresAt: string; groups: Array<{ id: string; groupYear: number }> } | null;
    referrals: Array<{ id: string; number: string; status: string }>;
    history: Array<{ action: string; fromStatus: string | null; toStatus: string; actor: string }>;
  };
  const view = async (id: string, who = 'aigerim') =>
    (await gql<{ application: AppView }>(url, APP, { id }, as(who))).data!.application;

  async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await probe();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  let publishedGroup: { id: string; districtId: string };

  beforeAll(async () => {
    running = await startSigningStack([parent, other, operator], {
      workers: true,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    url = running.url;
    for (const p of [parent, other, operator]) tokens.set(p.key, await running.signIn(p.iin));
    // Filing order: N, F, N, N (aigerim), then O (daniyar): allocation gives O, F, N, N, N (R7).
    for (const [i, privilege] of ['NONE', 'FIRST_PRIORITY', 'NONE', 'NONE'].entries())
      filed.push(await file('aigerim', parent.iin, i, privilege));
    filed.push(await file('daniyar', other.iin, 4, 'OUT_OF_TURN'));

    const kindergartens = await gql<{
      kindergartens: Array<{
        districtId: string;
        isState: boolean;
        groups: Array<{ id: string; groupYear: number; capacity: number; freeSeats: number }>;
      }>;
    }>(
      url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { districtId isState groups { id groupYear capacity freeSeats } } }`,
    );
    const k = kindergartens.data!.kindergartens.find((x) => x.isState && x.groups.some((g) => g.groupYear === YEAR))!;
    publishedGroup = { id: k.groups.find((g) => g.groupYear === YEAR)!.id, districtId: k.districtId };
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  const [O, F, N1, N2, N3] = [4, 1, 0, 2, 3];

  it('notifies the next children in allocation order when seats are published (R7, R10)', async () => {
    const published = await gql(
      url,
      `mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }`,
      { g: publishedGroup.id },
      as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    const o = await until(
      'the out-of-turn child to be notified',
      () => view(filed[O].id, 'daniyar'),
      (a) => a.status === 'NOTIFIED',
    );
    const f = await until(
      'the first-priority child to be notified',
      () => view(filed[F].id),
      (a) => a.status === 'NOTIFIED',
    );
    for (const a of [o, f]) {
      expect(a.currentOffer).not.toBeNull();
      expect(a.currentOffer!.groups.length).toBeGreaterThan(0);
      expect(a.currentOffer!.groups.every((g) => g.groupYear === YEAR)).toBe(true);
      expect(new Date(a.currentOffer!.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(a.history.at(-1)).toMatchObject({
        action: 'OFFER_MADE',
        fromStatus: 'IN_QUEUE',
        toStatus: 'NOTIFIED',
        actor: 'system',
      });
    }
    // The general children wait: two seats, two offers.
    for (const i of [N1, N2, N3]) expect((await view(filed[i].id)).status).toBe('IN_QUEUE');
    // A notified child keeps its number (R5): the journal still shows its place.
    expect(f.queueNumber).toBe(2);
  });

  it('lists the offered kindergartens to choose from, and none to someone else', async () => {
    const mine = await gql<{ availableGroups: Array<{ id: string }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: filed[F].id },
      as('aigerim'),
    );
    const offered = (await view(filed[F].id)).currentOffer!.groups.map((g) => g.id);
    expect(mine.data!.availableGroups.map((g) => g.id)).toEqual(expect.arrayContaining(offered));
    const theirs = await gql<{ availableGroups: unknown[] }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: filed[F].id },
      as('daniyar'),
    );
    expect(theirs.data!.availableGroups).toEqual([]);
  });

  it('refuses a kindergarten outside the child’s group year, and another parent, changing nothing', async () => {
    const other = await gql<{ kindergartens: Array<{ groups: Array<{ id: string; groupYear: number }> }> }>(
      url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR + 1}) { groups { id groupYear } } }`,
    );
    const wrongYear = other.data!.kindergartens.flatMap((k) => k.groups).find((g) => g.groupYear === YEAR + 1)!;
    const refused = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: filed[F].id, g: wrongYear.id },
      as('aigerim'),
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'KINDERGARTEN_NOT_AVAILABLE' });
    const stranger = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: filed[F].id, g: publishedGroup.id },
      as('daniyar'),
    );
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await view(filed[F].id)).status).toBe('NOTIFIED');
  });

  it('issues a referral for the chosen kindergarten, once (R12, R13)', async () => {
    const before = await view(filed[F].id);
    const groupId = before.currentOffer!.groups[0].id;
    const res = await signed<{
      id: string;
      number: string;
      state: string;
      issuedAt: string;
      expiresAt: string;
      revocableUntil: string;
      group: { id: string };
      application: { id: string; status: string };
    }>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      {
        a: filed[F].id,
        g: groupId,
      },
    );
    expect(res.errors).toBeUndefined();
    const referral = res.data!;
    expect(referral).toMatchObject({
      state: 'ISSUED',
      group: { id: groupId },
      application: { id: filed[F].id, status: 'REFERRAL_ISSUED' },
    });
    expect(referral.number).toBe(`${filed[F].number}/1`);
    // R15: revocable for 24 hours; R13: valid for 5 working days, ending at the end of an Almaty day.
    expect(new Date(referral.revocableUntil).getTime() - new Date(referral.issuedAt).getTime()).toBe(24 * 3600_000);
    expect(referral.expiresAt).toMatch(/T23:59:59\.999\+05:00$/);
    // A second submit of the same signed request returns the same referral and claims nothing more.
    const again = await gql<{ submitSigned: { id: string } }>(
      url,
      SUBMIT,
      { id: res.requestId, x: res.x },
      as('aigerim'),
    );
    expect(again.data!.submitSigned.id).toBe(referral.id);

    const after = await view(filed[F].id);
    expect(after.currentOffer).toBeNull();
    // R22: the referral's PDF is among the application's documents.
    const docs = await gql<{ application: { documents: Array<{ kind: string; url: string }> } }>(
      url,
      'query($id: ID) { application(id: $id) { documents { kind url } } }',
      { id: filed[F].id },
      as('aigerim'),
    );
    expect(docs.data!.application.documents.map((d) => d.kind)).toContain('REFERRAL');
    expect(after.referrals).toEqual([{ id: referral.id, number: referral.number, status: 'ISSUED' }]);
    expect(after.history.at(-1)).toMatchObject({
      action: 'REFERRAL_ISSUED',
      toStatus: 'REFERRAL_ISSUED',
      actor: parent.id,
    });
    // Holding a referral, the child may choose nothing more.
    const available = await gql<{ availableGroups: unknown[] }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: filed[F].id },
      as('aigerim'),
    );
    expect(available.data!.availableGroups).toEqual([]);
    const twice = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: filed[F].id, g: groupId },
      as('aigerim'),
    );
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lets a child waiting in the queue take a free seat (free choice, R11)', async () => {
    const free = await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
      { a: filed[N3].id },
      as('aigerim'),
    );
    expect(free.data!.availableGroups.length).toBeGreaterThan(0);
    const group = free.data!.availableGroups[0];
    expect(group.freeSeats).toBeGreaterThan(0);
    const res = await signed<{ id: string; state: string; group: { id: string } }>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: filed[N3].id, g: group.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ state: 'ISSUED', group: { id: group.id } });
    // The seat is the referral's: one free seat fewer in that group (a group with none left is not listed).
    const after = await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
      { a: filed[N1].id },
      as('aigerim'),
    );
    expect(after.data!.availableGroups.find((g) => g.id === group.id)?.freeSeats ?? 0).toBe(group.freeSeats - 1);
    expect((await view(filed[N3].id)).history.at(-1)).toMatchObject({ action: 'REFERRAL_ISSUED_FREE_CHOICE' });
  });

  it('refuses a free choice in a group without a free seat, at prepare and before verifying a submit (R11)', async () => {
    // A group just added to a state kindergarten of the child's area: no seat published, none free.
    const ks = await gql<{ kindergartens: Array<{ id: string; isState: boolean }> }>(
      url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { id isState } }`,
    );
    const created = await gql<{ createGroup: { id: string } }>(
      url,
      'mutation($k: ID!) { createGroup(input: { kindergartenId: $k, groupYear: 2022, language: KK, capacity: 3 }) { id } }',
      { k: ks.data!.kindergartens.find((k) => k.isState)!.id },
      as('operator-astana'),
    );
    expect(created.errors).toBeUndefined();
    const full = created.data!.createGroup.id;
    const PREPARE = 'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }';
    const refused = await gql(url, PREPARE, { a: filed[N1].id, g: full }, as('aigerim'));
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'NO_FREE_SEATS' });

    // A document prepared for a group with a seat, edited to name the full one: refused for the seat
    // before its signature is checked (verified, it would be SIGNATURE_INVALID), and the request is
    // left as it was: the genuine document then takes its seat.
    const free = await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
      { a: filed[N1].id },
      as('aigerim'),
    );
    const group = free.data!.availableGroups.find((g) => g.freeSeats > 0)!;
    const prepared = await gql<{ prepareReferral: { id: string; xml: string } }>(
      url,
      PREPARE,
      { a: filed[N1].id, g: group.id },
      as('aigerim'),
    );
    const x = await running.sign(prepared.data!.prepareReferral.xml, parent.iin, 'SIGN');
    const id = prepared.data!.prepareReferral.id;
    const edited = await gql(url, SUBMIT, { id, x: x.split(group.id).join(full) }, as('aigerim'));
    expect(edited.errors?.[0].extensions).toMatchObject({ code: 'NO_FREE_SEATS' });
    expect((await view(filed[N1].id)).status).toBe('IN_QUEUE');
    const genuine = await gql<{ submitSigned: { state: string; group: { id: string } } }>(
      url,
      SUBMIT,
      { id, x },
      as('aigerim'),
    );
    expect(genuine.errors).toBeUndefined();
    expect(genuine.data!.submitSigned).toMatchObject({ state: 'ISSUED', group: { id: group.id } });
  });

  it('issues one referral to a child whose parent submits two choices at once (R12)', async () => {
    // Two signing requests for one child (two tabs): each passes its checks before the other is
    // performed; the application's row, locked where the referral is issued, lets only one through.
    const free = await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
      { a: filed[N2].id },
      as('aigerim'),
    );
    const group = free.data!.availableGroups.find((g) => g.freeSeats > 0)!;
    expect(group).toBeDefined();
    const PREPARE = 'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }';
    const requests = await Promise.all(
      [1, 2].map(async () => {
        const prepared = await gql<{ prepareReferral: { id: string; xml: string } }>(
          url,
          PREPARE,
          { a: filed[N2].id, g: group.id },
          as('aigerim'),
        );
        const { id, xml } = prepared.data!.prepareReferral;
        return { id, x: await running.sign(xml, parent.iin, 'SIGN') };
      }),
    );
    const answers = await Promise.all(
      requests.map((r) => gql<{ submitSigned: { state: string } }>(url, SUBMIT, r, as('aigerim'))),
    );
    expect(answers.map((a) => a.data?.submitSigned?.state ?? a.errors?.[0].extensions?.code).sort()).toEqual([
      'INVALID_STATE',
      'ISSUED',
    ]);
    const after = await view(filed[N2].id);
    expect(after.status).toBe('REFERRAL_ISSUED');
    expect(after.referrals).toHaveLength(1);
  });

  let ordered: { groupId: string; children: App[] };

  it('offers in the 1 : 3 order: a second first-priority child waits for three general ones (R7)', async () => {
    // A queue of its own (group year 2021): filed F1, F2, N1, N2, N3, N4; four seats.
    const year = YEAR - 1;
    const order = ['FIRST_PRIORITY', 'FIRST_PRIORITY', 'NONE', 'NONE', 'NONE', 'NONE'];
    const children: App[] = [];
    for (const [i, privilege] of order.entries())
      children.push(await file('aigerim', parent.iin, 10 + i, privilege, `${year}-04-${10 + i}`));
    const ks = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(url, `{ kindergartens(regionId: "astana", groupYear: ${year}) { isState groups { id groupYear } } }`);
    const group = ks.data!.kindergartens.find((k) => k.isState)!.groups.find((g) => g.groupYear === year)!;
    ordered = { groupId: group.id, children };
    const published = await gql(
      url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 4) { id } }',
      { g: group.id },
      as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    const [f1, f2, n1, n2, n3, n4] = children;
    await until(
      'four offers',
      () => view(n3.id),
      (a) => a.status === 'NOTIFIED',
    );
    const statuses = await Promise.all(children.map(async (c) => (await view(c.id)).status));
    // By filing instant alone F2 would be second; by privilege alone N3 would wait. R7: F1, N1, N2, N3.
    expect(Object.fromEntries(children.map((c, i) => [c.id, statuses[i]]))).toEqual({
      [f1.id]: 'NOTIFIED',
      [f2.id]: 'IN_QUEUE',
      [n1.id]: 'NOTIFIED',
      [n2.id]: 'NOTIFIED',
      [n3.id]: 'NOTIFIED',
      [n4.id]: 'IN_QUEUE',
    });
  });

  it('offers nobody new when a publication is delivered again (R10)', async () => {
    // What a relay that crashed between sending and marking sent does: the same event once more
    // (as a new job: the first one's record is gone from Redis by then).
    const before = await Promise.all(ordered.children.map((c) => view(c.id)));
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    const inbox = new Queue(JobList.QueueInbox, { connection: { url: testRedisUrl() }, prefix: running.queuePrefix });
    try {
      const { rows } = await db.query(
        `SELECT event_id, type, aggregate_id, occurred_at, payload FROM vacancies.outbox
         WHERE type = 'SeatsPublished' AND aggregate_id = $1`,
        [ordered.groupId],
      );
      expect(rows).toHaveLength(1);
      const [e] = rows;
      const data: OutboxJobData = {
        eventId: e.event_id,
        type: e.type,
        aggregateId: e.aggregate_id,
        occurredAt: new Date(e.occurred_at).toISOString(),
        payload: e.payload,
      };
      const job = await inbox.add(data.type, data, { jobId: `again-${data.eventId}` });
      await until(
        'the redelivered event to be consumed',
        () => job.getState(),
        (state) => state === 'completed' || state === 'failed',
      );
      expect(await job.getState()).toBe('completed');
    } finally {
      await inbox.close();
      await db.end();
    }
    const after = await Promise.all(ordered.children.map((c) => view(c.id)));
    expect(after.map((a) => [a.status, a.currentOffer?.id ?? null])).toEqual(
      before.map((a) => [a.status, a.currentOffer?.id ?? null]),
    );
    expect(after.filter((a) => a.status === 'NOTIFIED')).toHaveLength(4);
  });

  it('keeps seats published before their round from free choice, then offers them to the next child in order (R10, R11)', async () => {
    // The queue's worker is down: vacancies commits the publication, and no round runs yet.
    await running.stack.kill('queue-worker');
    const [, f2, , , , n4] = ordered.children;
    const year = YEAR - 1;
    const ks = await gql<{ kindergartens: Array<{ id: string; isState: boolean }> }>(
      url,
      `{ kindergartens(regionId: "astana", groupYear: ${year}) { id isState } }`,
    );
    // A group of its own, so that no seat free before makes this one's count.
    const created = await gql<{ createGroup: { id: string } }>(
      url,
      `mutation($k: ID!) { createGroup(input: { kindergartenId: $k, groupYear: ${year}, language: KK, capacity: 2 }) { id } }`,
      { k: ks.data!.kindergartens.find((k) => k.isState)!.id },
      as('operator-astana'),
    );
    expect(created.errors).toBeUndefined();
    const groupId = created.data!.createGroup.id;
    const published = await gql<{ publishSeats: { freeSeats: number } }>(
      url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 1) { freeSeats } }',
      { g: groupId },
      as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    // The seat awaits its round: nobody's free choice, and counted free nowhere.
    expect(published.data!.publishSeats.freeSeats).toBe(0);
    const available = await gql<{ availableGroups: Array<{ id: string; freeSeats: number }> }>(
      url,
      'query($a: ID!) { availableGroups(applicationId: $a) { id freeSeats } }',
      { a: n4.id },
      as('aigerim'),
    );
    expect(available.errors).toBeUndefined();
    expect(available.data!.availableGroups.map((g) => g.id)).not.toContain(groupId);
    const refused = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: n4.id, g: groupId },
      as('aigerim'),
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'NO_FREE_SEATS' });
    expect((await view(n4.id)).status).toBe('IN_QUEUE');

    // The worker is back: the round offers the seat to the next child in allocation order (R7:
    // after F1, N1, N2, N3 comes F2), whose offer lists the group; N4 still waits.
    await running.stack.restart('queue-worker');
    const offered = await until(
      'the next child to be offered the seat',
      () => view(f2.id),
      (a) => a.status === 'NOTIFIED',
    );
    expect(offered.currentOffer!.groups.map((g) => g.id)).toContain(groupId);
    expect((await view(n4.id)).status).toBe('IN_QUEUE');
    const again = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: n4.id, g: groupId },
      as('aigerim'),
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NO_FREE_SEATS' });
  });
});
