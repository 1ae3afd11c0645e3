import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { makeIin } from '@kezek/iin';
import { DEFAULT_POLICY } from '@kezek/policy';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, startApp } from '@kezek/testing';
import { CalendarService } from '../src/calendar/calendar.service';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { OfferService } from '../src/offer/offer.service';
import { startQueueApp } from './queue-app';

const PARENT = '22222222-2222-4222-8222-222222222222';

/**
 * R11 on real PostgreSQL: when a round's window ends, its open offers lapse and their children
 * are back in the queue. TypeORM answers an UPDATE … RETURNING with [rows, affected]; read as
 * rows, every close failed on a history row without an application (found by bench:lifecycle).
 */
describe('closing an offer round (R11) on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  const clock = new ManualClock('2026-03-02T05:00:00Z');

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it('lapses the open offers, returns their children to the queue with history, once', async () => {
    const app = await db.transaction((tx) =>
      fileApplication(
        tx,
        {
          portal: DEFAULT_PORTALS.find((p) => p.id === 'astana')!,
          regionId: 'astana',
          input: filingInput.parse({
            childIin: makeIin('2023-02-14', 'F', 77),
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
    const roundId = randomUUID();
    const windowEndsAt = await server.app
      .get(CalendarService)
      .workingDaysDeadline(clock.now(), DEFAULT_POLICY.offerWindowWorkingDays);
    await db.query(`UPDATE application SET status = 'NOTIFIED' WHERE id = $1`, [app.id]);
    await db.query(
      `INSERT INTO offer_round (id, portal_id, area_ids, hold_area_id, group_year, group_ids, seats, held, published_at, window_ends_at, policy)
       VALUES ($1, 'astana', '{astana}', 'astana-esil', 2023, ARRAY[$2::uuid], 1, 1, $3, $4, $5)`,
      [roundId, randomUUID(), clock.now(), windowEndsAt, JSON.stringify(DEFAULT_POLICY)],
    );
    await db.query(
      `INSERT INTO offer (round_id, application_id, place, created_at, expires_at, status) VALUES ($1, $2, 1, $3, $4, 'OPEN')`,
      [roundId, app.id, clock.now(), windowEndsAt],
    );
    const offers = server.app.get(OfferService);

    expect(await offers.closeRound(roundId)).toBe(false); // the window has not ended
    clock.set(new Date(windowEndsAt.getTime() + 1));
    expect(await offers.closeRound(roundId)).toBe(true);
    expect(await offers.closeRound(roundId)).toBe(false); // closed already

    const [offer] = await db.query(`SELECT status FROM offer WHERE round_id = $1`, [roundId]);
    expect(offer.status).toBe('LAPSED');
    const [child] = await db.query(`SELECT status FROM application WHERE id = $1`, [app.id]);
    expect(child.status).toBe('IN_QUEUE');
    const history = await db.query(
      `SELECT action, from_status, to_status FROM application_history WHERE application_id = $1 AND action = 'OFFER_LAPSED'`,
      [app.id],
    );
    expect(history).toEqual([{ action: 'OFFER_LAPSED', from_status: 'NOTIFIED', to_status: 'IN_QUEUE' }]);
    const events = await db.query(`SELECT payload FROM outbox WHERE type = 'OfferRoundClosed'`);
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([{ roundId, lapsed: 1 }]);
  });
});
