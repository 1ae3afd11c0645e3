import { addCalendarDays } from '@kezek/calendar';
import { demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { eventually, signedActions } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * Extension (R14) and revocation (R15) through the gateway with the workers running, in real
 * time: a child offered a seat chooses it and revokes the referral within the 24 hours — back in
 * the queue at its number, the seat free again at vacancies, the offer's kindergarten closed to
 * it while the offer window lasts; another child's free-choice referral is extended once. Every
 * refusal has its code and changes nothing. (The 24-hour boundary and expiry need the clock to
 * move: services/queue/test/referral-changes.integration-spec.ts.)
 */
describe('extending and revoking a referral through the gateway', () => {
  let running: SigningStack;
  let url: string;
  let signed: ReturnType<typeof signedActions>;
  const parent = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const operator = demoPerson('operator-astana');
  const tokens = new Map<string, string>();
  const as = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}`, 'x-kezek-portal': 'astana' });
  // A group year no demo child of Astana is in: the queue is exactly the children filed here.
  const YEAR = 2022;
  const REFERRAL = `... on Referral { id status expiresAt extendedUntil extensionReason revocableUntil
    application { id status queueNumber } }`;
  type ReferralView = {
    id: string;
    status: string;
    expiresAt: string;
    extendedUntil: string | null;
    extensionReason: string | null;
    revocableUntil: string;
    application: { id: string; status: string; queueNumber: number | null };
  };
  const APP = `query($id: ID) { application(id: $id) { id status queueNumber
    currentOffer { groups { id } }
    referrals { id status expiresAt extendedUntil extensionReason }
    history { action fromStatus toStatus actor reason }
    documents { kind createdAt } } }`;
  type AppView = {
    id: string;
    status: string;
    queueNumber: number | null;
    currentOffer: { groups: Array<{ id: string }> } | null;
    referrals: Array<{
      id: string;
      status: string;
      expiresAt: string;
      extendedUntil: string | null;
      extensionReason: string | null;
    }>;
    history: Array<{
      action: string;
      fromStatus: string | null;
      toStatus: string;
      actor: string;
      reason: string | null;
    }>;
    documents: Array<{ kind: string; createdAt: string }>;
  };
  const view = async (id: string, who = 'aigerim') => {
    const res = await gql<{ application: AppView }>(url, APP, { id }, as(who));
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.application;
  };
  const available = async (applicationId: string) =>
    (
      await gql<{ availableGroups: Array<{ id: string; kindergarten: { id: string } }> }>(
        url,
        'query($a: ID!) { availableGroups(applicationId: $a) { id kindergarten { id } } }',
        { a: applicationId },
        as('aigerim'),
      )
    ).data!.availableGroups;
  type GroupView = { id: string; freeSeats: number; kindergartenId: string };
  const groupsOfYear = async (): Promise<GroupView[]> =>
    (
      await gql<{ kindergartens: Array<{ id: string; isState: boolean; groups: Array<GroupView> }> }>(
        url,
        `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { id isState groups { id groupYear freeSeats } } }`,
      )
    ).data!.kindergartens.flatMap((k) =>
      k.groups.map((g) => ({ id: g.id, freeSeats: g.freeSeats, kindergartenId: k.id })),
    );
  const freeSeats = async (groupId: string) => (await groupsOfYear()).find((g) => g.id === groupId)!.freeSeats;
  const prepareReferral = (a: string, g: string) =>
    signed<ReferralView>(
      'aigerim',
      parent.iin,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a, g },
      REFERRAL,
    );
  const EXTEND =
    'mutation($r: ID!, $u: Date!, $why: String!) { prepareReferralExtension(referralId: $r, until: $u, reason: $why) { id xml } }';
  const REVOKE =
    'mutation($r: ID!, $why: String!) { prepareReferralRevocation(referralId: $r, reason: $why) { id xml } }';
  const extend = (r: string, u: string, why: string, who = 'aigerim', iin = parent.iin) =>
    signed<ReferralView>(who, iin, EXTEND, { r, u, why }, REFERRAL);
  const revoke = (r: string, why: string, who = 'aigerim', iin = parent.iin) =>
    signed<ReferralView>(who, iin, REVOKE, { r, why }, REFERRAL);

  const filed: Array<{ id: string; queueNumber: number }> = [];
  let offered: { groupId: string; kindergartenId: string };
  let revoked: ReferralView;

  beforeAll(async () => {
    running = await startSigningStack([parent, other, operator], {
      workers: true,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    url = running.url;
    signed = signedActions(running, as);
    for (const p of [parent, other, operator]) tokens.set(p.key, await running.signIn(p.iin));
    for (const i of [0, 1, 2]) {
      const birthDate = `${YEAR}-04-1${i}`;
      const res = await signed<{ id: string }>(
        'aigerim',
        parent.iin,
        `mutation($child: ChildInput!) { prepareApplication(child: $child, regionId: "astana") { id xml } }`,
        { child: { iin: makeIin(birthDate, 'M', 500 + i * 11), fullName: `Жолдама Бала ${i}`, birthDate } },
        '... on Application { id }',
      );
      expect(res.errors).toBeUndefined();
      filed.push({ id: res.data!.id, queueNumber: (await view(res.data!.id)).queueNumber! });
    }
    expect(filed.map((f) => f.queueNumber)).toEqual([1, 2, 3]);
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('issues a referral from an offer: the seat is claimed at vacancies', async () => {
    const group = (await groupsOfYear()).find((g) => g.freeSeats > 1)!;
    const published = await gql(
      url,
      'mutation($g: ID!) { publishSeats(groupId: $g, count: 1) { id } }',
      { g: group.id },
      as('operator-astana'),
    );
    expect(published.errors).toBeUndefined();
    const notified = await eventually(
      'the first child to be offered the seat',
      () => view(filed[0].id),
      (a) => a.status === 'NOTIFIED',
    );
    const groupId = notified.currentOffer!.groups[0].id;
    offered = { groupId, kindergartenId: (await groupsOfYear()).find((g) => g.id === groupId)!.kindergartenId };
    const before = await freeSeats(groupId);
    const res = await prepareReferral(filed[0].id, groupId);
    expect(res.errors).toBeUndefined();
    revoked = res.data!;
    expect(revoked).toMatchObject({ status: 'ISSUED', application: { status: 'REFERRAL_ISSUED' } });
    // A holder of a referral keeps showing its number: the place a revocation returns it to.
    expect(revoked.application.queueNumber).toBe(filed[0].queueNumber);
    // The chosen seat came from the round's hold, not from the free ones.
    expect(await freeSeats(groupId)).toBe(before);
  });

  it('refuses a revocation by someone else or without a reason, changing nothing', async () => {
    const stranger = await revoke(revoked.id, 'Не мой ребёнок', 'daniyar', other.iin);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const short = await revoke(revoked.id, 'no');
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const app = await view(filed[0].id);
    expect(app.status).toBe('REFERRAL_ISSUED');
    expect(app.referrals).toEqual([expect.objectContaining({ id: revoked.id, status: 'ISSUED' })]);
    expect(app.history.at(-1)!.action).toBe('REFERRAL_ISSUED');
  });

  it('revokes within 24 hours: back in the queue at the same number, the seat free again (R15)', async () => {
    const seatsBefore = await freeSeats(offered.groupId);
    const res = await revoke(revoked.id, 'Нашли сад ближе к дому');
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      id: revoked.id,
      status: 'REVOKED',
      application: { id: filed[0].id, status: 'IN_QUEUE', queueNumber: filed[0].queueNumber },
    });
    const app = await view(filed[0].id);
    expect(app.history.at(-1)).toMatchObject({
      action: 'REFERRAL_REVOKED',
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'IN_QUEUE',
      actor: parent.id,
      reason: 'Нашли сад ближе к дому',
    });
    // The children behind it did not move either.
    expect((await view(filed[1].id)).queueNumber).toBe(filed[1].queueNumber);
    await eventually(
      'the seat to be free again at vacancies',
      () => freeSeats(offered.groupId),
      (n) => n === seatsBefore + 1,
    );
    // Revoked once: a second revocation is refused.
    const again = await revoke(revoked.id, 'Ещё раз');
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE' });
  });

  it("closes the offer's kindergarten to the child while the offer window lasts, not the others", async () => {
    // The released seat is free, yet its kindergarten is not offered to this child...
    expect(await freeSeats(offered.groupId)).toBeGreaterThan(0);
    const mine = await available(filed[0].id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((g) => g.kindergarten.id === offered.kindergartenId)).toEqual([]);
    // ...while a child without a revocation may take it.
    expect((await available(filed[1].id)).map((g) => g.id)).toContain(offered.groupId);
    const refused = await gql(
      url,
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id } }',
      { a: filed[0].id, g: offered.groupId },
      as('aigerim'),
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'KINDERGARTEN_NOT_AVAILABLE',
      details: { reason: 'REVOKED_OFFER' },
    });
    expect((await view(filed[0].id)).status).toBe('IN_QUEUE');
  });

  it('extends a referral once, with a reason, re-issuing its document (R14)', async () => {
    const free = (await available(filed[2].id)).find((g) => g.kindergarten.id !== offered.kindergartenId)!;
    const issued = await prepareReferral(filed[2].id, free.id);
    expect(issued.errors).toBeUndefined();
    const referral = issued.data!;
    const expiryDate = referral.expiresAt.slice(0, 10);
    const docsBefore = (await view(filed[2].id)).documents.filter((d) => d.kind === 'REFERRAL');
    expect(docsBefore).toHaveLength(1);

    // Refusals first, while the extension is unused: each changes nothing.
    const tooLong = await extend(referral.id, addCalendarDays(expiryDate, 31), 'Ребёнок болеет');
    expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'EXTENSION_TOO_LONG' });
    const notLater = await extend(referral.id, expiryDate, 'Ребёнок болеет');
    expect(notLater.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const stranger = await extend(referral.id, addCalendarDays(expiryDate, 3), 'Чужой', 'daniyar', other.iin);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const unchanged = await view(filed[2].id);
    expect(unchanged.referrals).toEqual([
      { id: referral.id, status: 'ISSUED', expiresAt: referral.expiresAt, extendedUntil: null, extensionReason: null },
    ]);
    expect(unchanged.documents.filter((d) => d.kind === 'REFERRAL')).toEqual(docsBefore);

    const until = addCalendarDays(expiryDate, 30);
    const res = await extend(referral.id, until, 'Ребёнок болеет');
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      id: referral.id,
      status: 'ISSUED',
      extendedUntil: until,
      extensionReason: 'Ребёнок болеет',
      expiresAt: `${until}T23:59:59.999+05:00`,
      application: { status: 'REFERRAL_ISSUED' },
    });
    const after = await view(filed[2].id);
    expect(after.history.at(-1)).toMatchObject({
      action: 'REFERRAL_EXTENDED',
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'REFERRAL_ISSUED',
      actor: parent.id,
      reason: 'Ребёнок болеет',
    });
    // One current REFERRAL document, a new version stating the new date.
    const docsAfter = after.documents.filter((d) => d.kind === 'REFERRAL');
    expect(docsAfter).toHaveLength(1);
    expect(new Date(docsAfter[0].createdAt).getTime()).toBeGreaterThan(new Date(docsBefore[0].createdAt).getTime());

    const second = await extend(referral.id, addCalendarDays(expiryDate, 10), 'Ещё раз');
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'EXTENSION_ALREADY_USED' });
    expect((await view(filed[2].id)).referrals[0]).toMatchObject({
      extendedUntil: until,
      expiresAt: res.data!.expiresAt,
    });
  });
});
