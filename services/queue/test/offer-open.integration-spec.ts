import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { OutboxJobData } from '@kezek/outbox';
import { createTestDatabase, startApp } from '@kezek/testing';
import { queueData } from '../src/data-source';
import { OfferService } from '../src/offer/offer.service';
import { startQueueApp } from './queue-app';

/** What the queue asked vacancies' claims API (a test double of it answering that nothing is held). */
interface ClaimsCall {
  path: string;
  body: Record<string, unknown>;
}

/**
 * `stillHeld`: rounds whose hold (a replay) answers with a seat a first attempt held; `awaiting`:
 * the publications whose seats vacancies says still await their round.
 */
function startClaimsDouble(): Promise<{
  url: string;
  calls: ClaimsCall[];
  stillHeld: Set<string>;
  awaiting: Array<Record<string, unknown>>;
  server: Server;
}> {
  const calls: ClaimsCall[] = [];
  const stillHeld = new Set<string>();
  const awaiting: Array<Record<string, unknown>> = [];
  const heldSeat = (offerRoundId: string) => ({
    seatId: randomUUID(),
    groupId: randomUUID(),
    status: 'HELD',
    referralId: null,
    offerRoundId,
    heldUntil: new Date(Date.now() + 3_600_000).toISOString(),
    claimedAt: null,
    pendingUntil: null,
    enrolledAt: null,
  });
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/internal/claims/hold')
        res.end(
          JSON.stringify({
            offerRoundId: body.offerRoundId,
            heldUntil: null,
            seats: stillHeld.has(String(body.offerRoundId)) ? [heldSeat(String(body.offerRoundId))] : [],
          }),
        );
      else if (req.url === '/internal/claims/release') res.end(JSON.stringify({ released: 0 }));
      else if (req.url === '/internal/claims/awaiting') res.end(JSON.stringify({ publications: awaiting }));
      else res.writeHead(404).end(JSON.stringify({ code: 'NOT_FOUND' }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls,
        stillHeld,
        awaiting,
        server,
      }),
    ),
  );
}

/**
 * R10 on real PostgreSQL: every SeatsPublished event is taken by exactly one round, however it is
 * delivered — twice, many at once, or while another opener holds the lock and then dies. The
 * group year here has nobody queued, so each round holds nothing: it only tells vacancies (a test
 * double here) the publications it has seen, whose seats are free choice then (R11).
 */
describe('opening offer rounds from publications (R10) on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let offers: OfferService;
  let vacancies: Awaited<ReturnType<typeof startClaimsDouble>>;
  const clock = new ManualClock('2026-03-02T05:00:00Z');

  const publication = (groupYear: number, count = 5, districtId = 'astana-esil'): OutboxJobData => ({
    eventId: randomUUID(),
    type: 'SeatsPublished',
    aggregateId: randomUUID(),
    occurredAt: clock.now().toISOString(),
    payload: { groupId: randomUUID(), kindergartenId: randomUUID(), regionId: 'astana', districtId, groupYear, count },
  });
  const rows = (groupYear: number) =>
    db.query(
      `SELECT p.event_id, p.round_id, r.seats, r.group_ids FROM seat_publication p LEFT JOIN offer_round r ON r.id = p.round_id
       WHERE p.group_year = $1 ORDER BY p.seq`,
      [groupYear],
    ) as Promise<
      Array<{ event_id: string; round_id: string | null; seats: number | null; group_ids: string[] | null }>
    >;
  const rounds = async (groupYear: number) =>
    (await db.query(`SELECT count(*)::int AS n FROM offer_round WHERE group_year = $1`, [groupYear]))[0].n as number;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    vacancies = await startClaimsDouble();
    server = await startQueueApp(testDb.url, clock, { VACANCIES_INTERNAL_URL: vacancies.url });
    offers = server.app.get(OfferService);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
    await new Promise((closed) => vacancies?.server.close(closed));
  });
  const holds = (roundId: string) =>
    vacancies.calls
      .filter((c) => c.path === '/internal/claims/hold' && c.body.offerRoundId === roundId)
      .map((c) => c.body);

  it('takes a redelivered publication once', async () => {
    const event = publication(2020);
    await offers.receivePublication(event);
    await offers.receivePublication(event);
    await offers.receivePublication({ ...event, payload: { ...event.payload, count: 9 } });
    expect(await rows(2020)).toEqual([
      { event_id: event.eventId, round_id: event.eventId, seats: 5, group_ids: [event.payload.groupId] },
    ]);
    expect(await rounds(2020)).toBe(1);
  });

  it('tells vacancies, holding nothing, which publications a round of nobody has seen: their seats are free choice', async () => {
    const first = publication(2017, 3);
    clock.advance(1_000);
    const second = publication(2017, 2);
    // Both wait while another opener holds the lock; then one round takes them together.
    const holder = new Client({ connectionString: testDb.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['offer-round:astana:2017']);
      await offers.receivePublication(first);
      await offers.receivePublication(second);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect(await offers.openWaitingRounds('astana', 2017)).toBe(1);
    expect(holds(first.eventId)).toEqual([
      {
        offerRoundId: first.eventId,
        areaId: 'astana-esil',
        groupYear: 2017,
        count: 0,
        ttlSeconds: expect.any(Number),
        publications: [first, second].map((e) => ({ groupId: e.payload.groupId, publishedAt: e.occurredAt })),
      },
    ]);
    const [round] = await db.query(`SELECT seats, held, closed_at, seats_released_at FROM offer_round WHERE id = $1`, [
      first.eventId,
    ]);
    expect(round).toMatchObject({ seats: 5, held: 0, closed_at: clock.now(), seats_released_at: clock.now() });
    expect(vacancies.calls.filter((c) => c.body.offerRoundId === first.eventId).map((c) => c.path)).toEqual([
      '/internal/claims/hold',
    ]);
  });

  it('releases at once what a first attempt held when the retried round has nobody to offer to', async () => {
    const event = publication(2016, 2);
    vacancies.stillHeld.add(event.eventId);
    await offers.receivePublication(event);
    expect(holds(event.eventId)).toEqual([
      expect.objectContaining({
        count: 0,
        publications: [{ groupId: event.payload.groupId, publishedAt: event.occurredAt }],
      }),
    ]);
    expect(vacancies.calls.filter((c) => c.path === '/internal/claims/release').map((c) => c.body)).toEqual([
      { offerRoundId: event.eventId },
    ]);
    const [round] = await db.query(`SELECT held, closed_at FROM offer_round WHERE id = $1`, [event.eventId]);
    expect(round).toEqual({ held: 0, closed_at: clock.now() });
  });

  it('merges publications delivered at once into rounds of one area, each taken exactly once', async () => {
    const events = [
      ...Array.from({ length: 12 }, () => publication(2019)),
      ...Array.from({ length: 4 }, () => publication(2019, 5, 'astana-saryarka')),
    ];
    await Promise.all(events.map((e) => offers.receivePublication(e)));
    const taken = await rows(2019);
    expect(taken.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(taken.every((r) => r.round_id !== null)).toBe(true);
    // Each round's seats are its publications' seats, and no round mixes the two districts.
    const byRound = new Map<string, typeof taken>();
    for (const r of taken) byRound.set(r.round_id!, [...(byRound.get(r.round_id!) ?? []), r]);
    for (const [id, members] of byRound) {
      expect(members[0].event_id).toBe(id);
      expect(members[0].seats).toBe(members.length * 5);
      const districts = new Set(members.map((m) => events.find((e) => e.eventId === m.event_id)!.payload.districtId));
      expect(districts.size).toBe(1);
    }
    expect(byRound.size).toBeGreaterThanOrEqual(2);
    expect(byRound.size).toBeLessThan(events.length);
  });

  it('receives a publication whose event was lost from the seats vacancies has awaiting, once, whatever comes after', async () => {
    const event = publication(2015, 4);
    const { groupId, kindergartenId } = event.payload as { groupId: string; kindergartenId: string };
    vacancies.awaiting.push({
      groupId,
      kindergartenId,
      regionId: 'astana',
      districtId: 'astana-esil',
      groupYear: 2015,
      language: 'KK',
      publishedAt: event.occurredAt,
      count: 4,
    });
    expect(await offers.receiveLostPublications(clock.now(), 500)).toBe(1);
    const lostId = `lost:${groupId}:${event.occurredAt}`;
    expect(await rows(2015)).toEqual([{ event_id: lostId, round_id: lostId, seats: 4, group_ids: [groupId] }]);
    expect(holds(lostId)).toEqual([
      expect.objectContaining({ publications: [{ groupId, publishedAt: event.occurredAt }] }),
    ]);
    // The next sweep, and the event itself arriving after all: the same publication, nothing new.
    await offers.receiveLostPublications(clock.now(), 500);
    await offers.receivePublication(event);
    expect(await rows(2015)).toHaveLength(1);
    expect(await rounds(2015)).toBe(1);
    vacancies.awaiting.length = 0;
  });

  it('leaves a publication to the opener holding the lock, and the sweeper opens it if that opener died', async () => {
    const holder = new Client({ connectionString: testDb.url });
    await holder.connect();
    try {
      // Another opener's transaction holds the lock of astana's 2018 rounds, then dies uncommitted.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['offer-round:astana:2018']);
      const event = publication(2018);
      await offers.receivePublication(event);
      expect(await rows(2018)).toEqual([{ event_id: event.eventId, round_id: null, seats: null, group_ids: null }]);
      await holder.query('ROLLBACK');
      expect(await offers.waitingSince(clock.now())).toEqual([]);
      clock.advance(31_000);
      expect(await offers.waitingSince(new Date(clock.now().getTime() - 30_000))).toEqual([
        { portalId: 'astana', groupYear: 2018 },
      ]);
      expect(await offers.openWaitingRounds('astana', 2018)).toBe(1);
      expect((await rows(2018))[0].round_id).toBe(event.eventId);
      expect(await offers.openWaitingRounds('astana', 2018)).toBe(0);
    } finally {
      await holder.end();
    }
  });
});
