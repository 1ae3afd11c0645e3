import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManualClock, toAlmatyIso } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { makeIin } from '@kezek/iin';
import { DEFAULT_POLICY, PortalPolicy, resolvePolicy } from '@kezek/policy';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, startApp } from '@kezek/testing';
import { CalendarService } from '../src/calendar/calendar.service';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { OfferService } from '../src/offer/offer.service';
import { startQueueApp } from './queue-app';

const PARENT = '22222222-2222-4222-8222-222222222222';
const DAY = 24 * 3600_000;

/**
 * R10 with offerWindowFromDelivery on real PostgreSQL: notifications' OfferNoticeReached moves an
 * open offer's window to start at the reach, and the round's close to the latest of its offers'
 * ends, once; a reach after the sending-based end, or a round whose policy has the setting off,
 * keeps the window counted from sending.
 */
describe("an offer's window starting at delivery, on real PostgreSQL", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let offers: OfferService;
  let calendar: CalendarService;
  // Monday 2 March 2026, 10:00 in Almaty.
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  let serial = 100;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
    offers = server.app.get(OfferService);
    calendar = server.app.get(CalendarService);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  /** A round opened now with `policy`, offering one seat each to `children` notified children. */
  async function round(policy: PortalPolicy, children: number) {
    const roundId = randomUUID();
    const windowEndsAt = await calendar.workingDaysDeadline(clock.now(), policy.offerWindowWorkingDays);
    const latest = policy.offerWindowFromDelivery
      ? await calendar.workingDaysDeadline(windowEndsAt, policy.offerWindowWorkingDays)
      : null;
    await db.query(
      `INSERT INTO offer_round (id, portal_id, area_ids, hold_area_id, group_year, group_ids, seats, held, published_at, window_ends_at, latest_window_ends_at, policy)
       VALUES ($1, 'astana', '{astana}', 'astana-esil', 2023, ARRAY[$2::uuid], $3, $3, $4, $5, $6, $7)`,
      [roundId, randomUUID(), children, clock.now(), windowEndsAt, latest, JSON.stringify(policy)],
    );
    const made: Array<{ offerId: string; applicationId: string }> = [];
    for (let place = 1; place <= children; place++) {
      serial++;
      const app = await db.transaction((tx) =>
        fileApplication(
          tx,
          {
            portal: DEFAULT_PORTALS.find((p) => p.id === 'astana')!,
            regionId: 'astana',
            input: filingInput.parse({
              childIin: makeIin('2023-02-14', 'F', serial),
              childFullName: 'Бала Сынақ',
              childBirthDate: '2023-02-14',
              queueAreaId: 'astana',
              privilege: 'NONE',
            }),
            applicant: { userId: PARENT, fullName: 'АТА-АНА' },
            signatureId: null,
          },
          clock.now(),
        ),
      );
      await db.query(`UPDATE application SET status = 'NOTIFIED' WHERE id = $1`, [app.id]);
      const [offer] = await db.query(
        `INSERT INTO offer (round_id, application_id, place, created_at, expires_at, status)
         VALUES ($1, $2, $3, $4, $5, 'OPEN') RETURNING id`,
        [roundId, app.id, place, clock.now(), windowEndsAt],
      );
      made.push({ offerId: offer.id, applicationId: app.id });
    }
    return { roundId, windowEndsAt, offers: made };
  }
  const offerRow = async (id: string) =>
    (await db.query(`SELECT expires_at, reached_at, status FROM offer WHERE id = $1`, [id]))[0];
  const roundEnd = async (id: string) =>
    (await db.query(`SELECT window_ends_at FROM offer_round WHERE id = $1`, [id]))[0].window_ends_at as Date;
  const windowHistory = (applicationId: string) =>
    db.query(
      `SELECT from_status, to_status, reason FROM application_history WHERE application_id = $1 AND action = 'OFFER_WINDOW_FROM_DELIVERY'`,
      [applicationId],
    );
  /** The OfferWindowMoved events of an application in the queue's outbox (the parent is told in-app). */
  const movedEvents = async (applicationId: string) =>
    (
      await db.query(
        `SELECT payload FROM queue.outbox WHERE type = 'OfferWindowMoved' AND aggregate_id = $1 ORDER BY id`,
        [applicationId],
      )
    ).map((r: { payload: Record<string, unknown> }) => r.payload);

  it('keeps the window counted from sending with the setting off, only recording the reach', async () => {
    const r = await round(DEFAULT_POLICY, 1);
    const [{ offerId, applicationId }] = r.offers;
    const reachedAt = new Date(clock.now().getTime() + DAY);
    expect(await offers.recordReach({ offerId, applicationId, reachedAt })).toBeNull();
    expect(await offerRow(offerId)).toMatchObject({ expires_at: r.windowEndsAt, reached_at: reachedAt });
    expect(await roundEnd(r.roundId)).toEqual(r.windowEndsAt);
    expect(await windowHistory(applicationId)).toEqual([]);
    expect(await movedEvents(applicationId)).toEqual([]);
  });

  it('moves a reached offer and the round, once; an offer reached too late keeps its window', async () => {
    const policy = resolvePolicy({ offerWindowFromDelivery: true });
    const r = await round(policy, 2);
    const [early, late] = r.offers;
    // Reached on Tuesday: its window counts from then.
    const reachedAt = new Date(clock.now().getTime() + DAY);
    const expected = await calendar.workingDaysDeadline(reachedAt, policy.offerWindowWorkingDays);
    expect(expected.getTime()).toBeGreaterThan(r.windowEndsAt.getTime());
    expect(await offers.recordReach({ ...early, reachedAt })).toEqual({ roundId: r.roundId, windowEndsAt: expected });
    expect(await offerRow(early.offerId)).toMatchObject({ expires_at: expected, reached_at: reachedAt });
    expect(await offerRow(late.offerId)).toMatchObject({ expires_at: r.windowEndsAt, reached_at: null });
    expect(await roundEnd(r.roundId)).toEqual(expected);
    const [entry] = await windowHistory(early.applicationId);
    expect(entry).toMatchObject({ from_status: 'NOTIFIED', to_status: 'NOTIFIED' });
    expect(entry.reason).toContain(toAlmatyIso(reachedAt));
    // With the change, in its transaction: the event that tells the parent the later end.
    expect(await movedEvents(early.applicationId)).toEqual([
      {
        offerId: early.offerId,
        roundId: r.roundId,
        applicationId: early.applicationId,
        groupYear: expect.any(Number),
        reachedAt: reachedAt.toISOString(),
        expiresAt: expected.toISOString(),
      },
    ]);

    // The same event again, even later: the close is scheduled again, nothing else changes.
    const again = new Date(reachedAt.getTime() + DAY);
    expect(await offers.recordReach({ ...early, reachedAt: again })).toEqual({
      roundId: r.roundId,
      windowEndsAt: expected,
    });
    expect(await offerRow(early.offerId)).toMatchObject({ expires_at: expected, reached_at: reachedAt });
    expect(await windowHistory(early.applicationId)).toHaveLength(1);
    expect(await movedEvents(early.applicationId)).toHaveLength(1);

    // The other parent first reached after the window counted from sending: no change.
    const tooLate = new Date(r.windowEndsAt.getTime() + 1);
    await offers.recordReach({ ...late, reachedAt: tooLate });
    expect(await offerRow(late.offerId)).toMatchObject({ expires_at: r.windowEndsAt, reached_at: tooLate });
    expect(await roundEnd(r.roundId)).toEqual(expected);
    expect(await movedEvents(late.applicationId)).toEqual([]);

    // R11: the round closes at the later end, not at the sending-based one.
    clock.set(new Date(r.windowEndsAt.getTime() + 1));
    expect(await offers.closeRound(r.roundId)).toBe(false);
    expect(await offers.currentOffer(late.applicationId)).toBeNull();
    expect((await offers.currentOffer(early.applicationId))?.id).toBe(early.offerId);
    clock.set(new Date(expected.getTime() + 1));
    expect(await offers.closeRound(r.roundId)).toBe(true);
    expect((await offerRow(early.offerId)).status).toBe('LAPSED');
    expect((await offerRow(late.offerId)).status).toBe('LAPSED');
    // A reach arriving after the close changes nothing and schedules nothing.
    expect(await offers.recordReach({ ...late, reachedAt })).toBeNull();
  });
});
