import { Client } from 'pg';
import { addCalendarDays } from '@kezek/calendar';
import { almatyDate } from '@kezek/clock';
import { demoKindergartenId, demoPerson } from '@kezek/demo';
import { gql } from '@kezek/testing';
import { lifecycleClient } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * The kindergarten's side, through the gateway with the workers running: a parent's two
 * children are notified for seats published in the staff's kindergarten and choose it (signed);
 * its staff enrol one (R19), and for the first-priority one refuse the privilege documents
 * (R18): the referral is cancelled, the seat freed, the child re-registered in the general queue
 * on the stop-list. Staff of another kindergarten, operators and parents are refused, and every
 * refusal changes nothing.
 */
describe('enrolment through the gateway (R18, R19)', () => {
  let running: SigningStack;
  let client: ReturnType<typeof lifecycleClient>;
  const parent = demoPerson('aigerim');
  const operator = demoPerson('operator-astana');
  const staff = demoPerson('staff-astana');
  const otherStaff = demoPerson('staff-astana-17');
  const KINDERGARTEN = demoKindergartenId('astana', 10);
  // A group year no demo child of Astana is in: the queue is exactly the children filed here.
  const YEAR = 2022;
  const gq = <T>(query: string, vars: Record<string, unknown>, who: string) =>
    gql<T>(running.url, query, vars, client.as(who));

  const APP = `query($id: ID) { application(id: $id) { id number status privilege privilegeDocument { issuedOn }
    onStopListUntil missedReferrals queueNumber referrals { id status closeReason }
    history { action fromStatus toStatus actor reason } } }`;
  type AppView = {
    id: string;
    number: string;
    status: string;
    privilege: string;
    privilegeDocument: { issuedOn: string } | null;
    onStopListUntil: string | null;
    missedReferrals: number;
    queueNumber: number | null;
    referrals: Array<{ id: string; status: string; closeReason: string | null }>;
    history: Array<{ action: string; fromStatus: string | null; toStatus: string; actor: string; reason: string }>;
  };
  const view = async (id: string) => (await gq<{ application: AppView }>(APP, { id }, 'aigerim')).data!.application;

  const REFERRAL = 'id number status issuedAt closedAt closeReason application { id status }';
  type ReferralView = {
    id: string;
    number: string;
    status: string;
    issuedAt: string;
    closedAt: string | null;
    closeReason: string | null;
    application: { id: string; status: string };
  };
  const ENROL = `mutation($r: ID!, $d: Date) { enrollChild(referralId: $r, privilegeDocumentsIssuedOn: $d) { ${REFERRAL} } }`;
  const REFUSE = `mutation($r: ID!, $reason: String!) { refusePrivilegeDocuments(referralId: $r, reason: $reason) { ${REFERRAL} } }`;
  const enrol = (who: string, r: string, d?: string) =>
    gq<{ enrollChild: ReferralView }>(ENROL, { r, d: d ?? null }, who);
  const refuse = (who: string, r: string) =>
    gq<{ refusePrivilegeDocuments: ReferralView }>(REFUSE, { r, reason: 'Справка не подтверждает льготу' }, who);

  /** The group's free seats as anyone reads them. */
  const freeSeats = async (groupId: string) => {
    const res = await gql<{ kindergartens: Array<{ id: string; groups: Array<{ id: string; freeSeats: number }> }> }>(
      running.url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { id groups { id freeSeats } } }`,
    );
    return res.data!.kindergartens.flatMap((k) => k.groups).find((g) => g.id === groupId)!.freeSeats;
  };
  /** The seat vacancies keeps for a referral (no public field shows a seat's referral). */
  const seatOf = async (referralId: string) => {
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT status FROM vacancies.seat WHERE referral_id = $1', [referralId]);
      return (rows[0] as { status: string } | undefined)?.status ?? null;
    } finally {
      await db.end();
    }
  };

  let groupId: string;
  const filed: Record<'general' | 'firstPriority', { id: string; number: string }> = {} as never;
  const referrals: Record<'general' | 'firstPriority', ReferralView> = {} as never;

  beforeAll(async () => {
    running = await startSigningStack([parent, operator, staff, otherStaff], {
      workers: true,
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    client = lifecycleClient(running);
    for (const p of [parent, operator, staff, otherStaff]) await client.signIn(p.key, p.iin);
    const today = almatyDate(new Date());
    filed.general = await client.file('aigerim', parent.iin, 611, 'NONE', `${YEAR}-04-11`);
    filed.firstPriority = await client.file('aigerim', parent.iin, 622, 'FIRST_PRIORITY', `${YEAR}-04-12`, today);

    const ks = await gql<{ kindergartens: Array<{ id: string; groups: Array<{ id: string; groupYear: number }> }> }>(
      running.url,
      `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { id groups { id groupYear } } }`,
    );
    groupId = ks.data!.kindergartens.find((k) => k.id === KINDERGARTEN)!.groups.find((g) => g.groupYear === YEAR)!.id;
    const published = await gq(
      `mutation($g: ID!) { publishSeats(groupId: $g, count: 2) { id } }`,
      { g: groupId },
      'operator-astana',
    );
    expect(published.errors).toBeUndefined();
    for (const a of Object.values(filed))
      await client.until(
        `${a.number} notified`,
        () => view(a.id),
        (v) => v.status === 'NOTIFIED',
      );
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it("lets the notified children choose the staff's kindergarten (signed)", async () => {
    for (const key of ['general', 'firstPriority'] as const) {
      const available = await gq<{ availableGroups: Array<{ id: string }> }>(
        'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
        { a: filed[key].id },
        'aigerim',
      );
      expect(available.data!.availableGroups.map((g) => g.id)).toContain(groupId);
      const res = await client.signed<ReferralView & { state: string }>(
        'aigerim',
        parent.iin,
        'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
        { a: filed[key].id, g: groupId },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toMatchObject({ state: 'ISSUED', application: { status: 'REFERRAL_ISSUED' } });
      referrals[key] = res.data!;
    }
  });

  it('refuses anyone but the staff of that kindergarten, and an unknown referral, changing nothing', async () => {
    const r = referrals.general.id;
    for (const who of ['staff-astana-17', 'operator-astana', 'aigerim']) {
      const res = await enrol(who, r);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      const refused = await refuse(who, referrals.firstPriority.id);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    const unknown = await enrol('staff-astana', '00000000-0000-4000-8000-000000000000');
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    for (const a of Object.values(filed)) {
      const v = await view(a.id);
      expect(v.status).toBe('REFERRAL_ISSUED');
      expect(v.referrals.map((x) => x.status)).toEqual(['ISSUED']);
    }
  });

  it('enrols the child: referral and application ENROLLED, the seat enrolled (R19)', async () => {
    const r = referrals.general;
    const freeBefore = await freeSeats(groupId);
    const res = await enrol('staff-astana', r.id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.enrollChild).toMatchObject({
      id: r.id,
      status: 'ENROLLED',
      application: { id: filed.general.id, status: 'ENROLLED' },
    });
    expect(res.data!.enrollChild.closedAt).not.toBeNull();
    const app = await view(filed.general.id);
    expect(app).toMatchObject({ status: 'ENROLLED', queueNumber: null });
    expect(app.history.at(-1)).toMatchObject({
      action: 'CHILD_ENROLLED',
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'ENROLLED',
      actor: staff.id,
    });
    // The seat stays taken: enrolled, not free, so capacity is used and free seats unchanged.
    expect(await seatOf(r.id)).toBe('ENROLLED');
    expect(await freeSeats(groupId)).toBe(freeBefore);
    // Again: the same referral, unchanged.
    const again = await enrol('staff-astana', r.id);
    expect(again.errors).toBeUndefined();
    expect(again.data!.enrollChild).toEqual(res.data!.enrollChild);
    expect((await view(filed.general.id)).history.filter((h) => h.action === 'CHILD_ENROLLED')).toHaveLength(1);
  });

  it('refuses privilege documents that are missing or too old (R18), changing nothing', async () => {
    const r = referrals.firstPriority;
    const missing = await enrol('staff-astana', r.id);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    // The policy's 10 calendar days before the request is the earliest date: one day more is too old.
    const tooOld = addCalendarDays(almatyDate(new Date(r.issuedAt)), -11);
    const old = await enrol('staff-astana', r.id, tooOld);
    expect(old.errors?.[0].extensions).toMatchObject({ code: 'PRIVILEGE_DOCUMENT_TOO_OLD' });
    const app = await view(filed.firstPriority.id);
    expect(app).toMatchObject({
      status: 'REFERRAL_ISSUED',
      privilege: 'FIRST_PRIORITY',
      number: filed.firstPriority.number,
    });
    expect(await seatOf(r.id)).toBe('CLAIMED');
  });

  it('refused documents cancel the referral and re-register the child in the general queue (R18)', async () => {
    const r = referrals.firstPriority;
    const freeBefore = await freeSeats(groupId);
    const res = await refuse('staff-astana', r.id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.refusePrivilegeDocuments).toMatchObject({
      id: r.id,
      status: 'EXPIRED',
      closeReason: 'PRIVILEGE_REFUSED',
      application: { status: 'IN_QUEUE' },
    });
    const app = await view(filed.firstPriority.id);
    const version2 = filed.firstPriority.number.replace(/\.1$/, '.2');
    expect(filed.firstPriority.number).toMatch(/\.1$/);
    expect(app).toMatchObject({
      status: 'IN_QUEUE',
      privilege: 'NONE',
      privilegeDocument: null,
      number: version2,
      // Not a referral that expired unused (R17).
      missedReferrals: 0,
      // The only child left in this queue: its place is its filing instant's (R5).
      queueNumber: 1,
    });
    expect(new Date(app.onStopListUntil!).getTime()).toBeGreaterThan(Date.now());
    expect(app.history.at(-1)).toMatchObject({
      action: 'PRIVILEGE_REFUSED',
      fromStatus: 'REFERRAL_ISSUED',
      toStatus: 'IN_QUEUE',
      actor: staff.id,
    });
    expect(app.history.at(-1)!.reason).toContain(`${filed.firstPriority.number} → ${version2}`);
    // On the stop-list: no free choice.
    const available = await gq<{ availableGroups: unknown[] }>(
      'query($a: ID!) { availableGroups(applicationId: $a) { id } }',
      { a: filed.firstPriority.id },
      'aigerim',
    );
    expect(available.data!.availableGroups).toEqual([]);
    // The worker frees the seat after the commit.
    await client.until(
      'the seat to be freed',
      () => seatOf(r.id),
      (s) => s === null,
    );
    expect(await freeSeats(groupId)).toBe(freeBefore + 1);
    // Again: unchanged; and the cancelled referral cannot be enrolled.
    const again = await refuse('staff-astana', r.id);
    expect(again.data!.refusePrivilegeDocuments).toEqual(res.data!.refusePrivilegeDocuments);
    const late = await enrol('staff-astana', r.id, almatyDate(new Date()));
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE' });
    const after = await view(filed.firstPriority.id);
    expect(after.number).toBe(version2);
    expect(after.history.filter((h) => h.action === 'PRIVILEGE_REFUSED')).toHaveLength(1);
  });

  it('refuses to refuse the documents of an enrolled referral', async () => {
    const res = await refuse('staff-astana', referrals.general.id);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE' });
  });
});
