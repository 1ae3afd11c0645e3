import 'reflect-metadata';
import { createPrivateKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Pool } from 'undici';
import { AccessTokenSigner, generateTokenKeyPair, Role } from '@kezek/auth';
import { SystemClock } from '@kezek/clock';
import { loadConfig } from '@kezek/config';
import { createDataSource } from '@kezek/database';
import { cachedRsaKeys, DevPki, startDevPkiServer } from '@kezek/dev-pki';
import { signLikeNcaLayer } from '@kezek/eds';
import { makeIin } from '@kezek/iin';
import { JobList, Processor, Queues } from '@kezek/jobs';

import { OutboxRelay, OutboxRelayHost } from '@kezek/outbox';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { loadServiceConfig } from '@kezek/service-runtime';
import { startApp } from '@kezek/testing';
import { ClaimsApi, VacanciesApiClient, vacanciesApiEnv } from '@kezek/vacancies-api';
import { AllocationService } from '../src/allocation/allocation.service';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { DeadlineProcessor } from '../src/lifecycle/deadline.processor';
import { Deadline, Deadlines } from '../src/lifecycle/deadlines';
import { LifecycleSweeper } from '../src/lifecycle/lifecycle-sweeper';
import { OfferService } from '../src/offer/offer.service';
import { WorkerModule } from '../src/worker';
// The whole graph runs on the bench's database with infra's own stack tooling (migrations of
// every service, demo data, processes), as the queue bench does; nothing else imports infra.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateAll } from '../../../infra/migrate/migrate';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedAll } from '../../../infra/dev/seed';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { cpuSeconds, devTrustEnv, postgresCpuSeconds, Stack, startStack } from '../../../infra/dev/stack';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { benchDatabase } from '../../../infra/dev/bench-database';
import { reportFigure, round3 } from '@kezek/bench-report';

/**
 * The offer/referral lifecycle under load (R10–R17), through the real code:
 *
 * - round: PUBLICATIONS publications of SEATS_EACH seats (default 400 groups × 25 = 10,000 seats)
 *   in one district of astana, whose queue holds QUEUED (200,000) children of one group year:
 *   from the SeatsPublished events' commit until every offer exists and every OfferMade event is
 *   relayed, with the time split into candidates, holds at vacancies, offers transactions, relay;
 * - race: RACERS (1,000) parents, each with an eligible child in the queue, choose among the last
 *   100 free seats at once through the gateway, each prepareReferral → SIGN in the NCALayer
 *   emulator → submitSigned: exactly 100 referrals, the rest NO_FREE_SEATS, seats consistent;
 *   their portal calls the gateway over PORTAL_CONNECTIONS (64) kept-alive connections;
 *   measured after an untimed race of WARM_UP_RACERS (1,000) other parents for 100 other seats;
 * - lateness: DEADLINES (2,000) offer-window and referral-expiry deadlines as delayed jobs run by
 *   the real DeadlineProcessor: how late each starts (spread over 5 s, then all at one instant
 *   as end-of-day deadlines are); then the same count with their jobs deleted from Redis, caught
 *   up by one LifecycleSweeper.sweep.
 *
 *   npm run bench:lifecycle   (DATABASE_URL=postgres://… REDIS_URL=redis://…; BENCH_PARTS=round,race,lateness)
 *
 * It (re)creates the database kezek_bench_lifecycle, applies every service's migrations and demo
 * data, starts every subgraph and the gateway as processes (no workers) and the queue's worker
 * in this process (so its steps can be timed), and drops the database at the end.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'round,race,lateness').split(',').map((p) => p.trim()));
const QUEUED = Number(process.env.QUEUED ?? 200_000);
const PUBLICATIONS = Number(process.env.PUBLICATIONS ?? 400);
const SEATS_EACH = Number(process.env.SEATS_EACH ?? 25);
const RACERS = Number(process.env.RACERS ?? 1000);
const RACE_SEATS = Number(process.env.RACE_SEATS ?? 100);
const WARM_UP_RACERS = Number(process.env.WARM_UP_RACERS ?? 1000);
const PORTAL_CONNECTIONS = Number(process.env.PORTAL_CONNECTIONS ?? 64);
const DEADLINES = Number(process.env.DEADLINES ?? 2000);
const DB = 'kezek_bench_lifecycle';
/** The bench's own district of astana (the portal queues by city: astana is the queue area). */
const REGION = 'astana';
const DISTRICT = 'astana-bench';
const ROUND_YEAR = 2022;
const RACE_YEAR = 2023;
const LATENESS_YEAR = 2021;
const portal = DEFAULT_PORTALS.find((p) => p.id === REGION)!;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);

/** Polls until `done` answers true; throws after `seconds`. */
async function until(what: string, done: () => Promise<boolean>, seconds = 300, every = 20) {
  const giveUp = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** State kindergartens of the bench district with `groups` groups of `capacity` seats of a year, all published FREE. */
async function seatGroups(raw: Client, year: number, groups: number, capacity: number, tag = ''): Promise<string[]> {
  const { rows } = await raw.query<{ id: string }>(
    `WITH k AS (
       INSERT INTO vacancies.kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages)
       SELECT 'Бала ' || i, 'Бала ' || i, 'bench ' || $1::int || $6::text || '-' || i, 51.1, 71.4, $2, $3, true, '{KK}'
       FROM generate_series(1, $4::int) i RETURNING id)
     INSERT INTO vacancies."group" (kindergarten_id, group_year, language, capacity)
     SELECT id, $1::int, 'KK', $5::int FROM k RETURNING id`,
    [year, REGION, DISTRICT, groups, capacity, tag],
  );
  const ids = rows.map((r) => r.id);
  await raw.query(
    `INSERT INTO vacancies.seat (group_id, status, published_at)
     SELECT g, 'FREE', clock_timestamp() FROM unnest($1::uuid[]) g, generate_series(1, $2::int)`,
    [ids, capacity],
  );
  return ids;
}

/**
 * QUEUED children of ROUND_YEAR in astana's queue, as the filer writes them: born through the
 * year, filed up to 300 days after birth, 5 % out-of-turn, 15 % first-priority, 1 % on the stop-list.
 */
async function queueChildren(raw: Client, now: Date) {
  await raw.query(`SELECT setseed(0.2026)`);
  await raw.query(
    `INSERT INTO queue.application (number, child_iin, child_full_name, child_birth_date, applicant_id, applicant_ids,
                              applicant_full_name, privilege, privilege_document_kind, privilege_document_number,
                              privilege_document_issued_on, privilege_document_issuer, status, group_year, region_id,
                              queue_area_id, portal_id, created_at, in_queue_since, last_changed_at, on_stop_list_until)
     SELECT 'УО.B.' || lpad(i::text, 7, '0') || '.1', '9' || lpad(i::text, 11, '0'), 'CHILD ' || i, born, applicant,
            ARRAY[applicant], 'PARENT ' || i, privilege,
            CASE WHEN privilege <> 'NONE' THEN 'Справка' END, CASE WHEN privilege <> 'NONE' THEN 'D-' || i END,
            CASE WHEN privilege <> 'NONE' THEN born END, CASE WHEN privilege <> 'NONE' THEN 'МСЭК' END,
            'IN_QUEUE', $2, $3, $3, $3, filed, filed, filed,
            CASE WHEN random() < 0.01 THEN $4::timestamptz + random() * interval '14 days' END
     FROM (
       SELECT i, born, gen_random_uuid() AS applicant,
              CASE WHEN p < 0.05 THEN 'OUT_OF_TURN' WHEN p < 0.20 THEN 'FIRST_PRIORITY' ELSE 'NONE' END AS privilege,
              (born + random() * interval '300 days') AT TIME ZONE 'Asia/Almaty' AS filed
       FROM (SELECT i, make_date($2, 1, 1) + (random() * 364)::int AS born, random() AS p FROM generate_series(1, $1::int) i) drawn
     ) shaped`,
    [QUEUED, ROUND_YEAR, REGION, now],
  );
  await raw.query(`VACUUM ANALYZE queue.application`);
}

/** Accumulates the time spent in a method of one instance (its calls may overlap: it sums them). */
function timeCalls<T extends object>(
  target: T,
  method: keyof T,
  into: { ms: number; calls: number },
  only?: (args: unknown[]) => boolean,
) {
  const original = (target[method] as (...a: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
    if (only && !only(args)) return original(...args);
    const t = process.hrtime.bigint();
    try {
      return await original(...args);
    } finally {
      into.ms += ms(t);
      into.calls++;
    }
  };
}

interface Worker {
  app: Awaited<ReturnType<typeof startApp>>['app'];
  close(): Promise<void>;
  prefix: string;
}

/**
 * (round) The publications' SeatsPublished events committed in vacancies' outbox as publishSeats
 * commits them, relayed to the queue's inbox by the outbox relay; the worker opens the rounds.
 */
async function benchRound(raw: Client, worker: Worker, dbUrl: string) {
  const now = new Date();
  let started = process.hrtime.bigint();
  await queueChildren(raw, now);
  const groups = await seatGroups(raw, ROUND_YEAR, PUBLICATIONS, SEATS_EACH);
  console.log(
    `\nround: ${QUEUED} children of ${ROUND_YEAR} queued in ${REGION}, ${PUBLICATIONS} groups × ${SEATS_EACH} seats in ${DISTRICT}, seeded in ${fmt(ms(started))}`,
  );
  const candidates = { ms: 0, calls: 0 };
  const hold = { ms: 0, calls: 0 };
  const rounds = { ms: 0, calls: 0 };
  const relay = { ms: 0, calls: 0 };
  timeCalls(worker.app.get(AllocationService), 'nextEligibleIn', candidates);
  timeCalls(worker.app.get(VacanciesApiClient), 'call', hold, ([endpoint]) => endpoint === ClaimsApi.hold);
  timeCalls(worker.app.get(OfferService), 'openWaitingRounds', rounds);
  timeCalls(worker.app.get(OutboxRelayHost), 'relayOnce', relay);
  let lastRoundAt = 0n;
  const offers = worker.app.get(OfferService);
  const open = offers.openWaitingRounds.bind(offers);
  offers.openWaitingRounds = async (portalId, groupYear) => {
    const opened = await open(portalId, groupYear);
    if (opened) lastRoundAt = process.hrtime.bigint();
    return opened;
  };

  // vacancies' relay, in this process: it delivers the publications to the queue's inbox.
  const vacanciesDb = await createDataSource(queueData, dbUrl).initialize();
  const inbox = new Queue(JobList.QueueInbox, { connection: { url: REDIS }, prefix: worker.prefix });
  const relayVacancies = new OutboxRelay(vacanciesDb, { get: () => inbox }, new SystemClock(), {
    schema: 'vacancies',
    routes: { SeatsPublished: [JobList.QueueInbox] },
    batchSize: 100,
  });
  const unfinished = async () => {
    const [r] = (
      await raw.query(
        `SELECT (SELECT count(*) FROM queue.offer_round WHERE group_year = $1)::int AS rounds,
                (SELECT count(*) FROM queue.seat_publication WHERE group_year = $1 AND round_id IS NOT NULL)::int AS taken,
                (SELECT count(*) FROM queue.offer o JOIN queue.offer_round r ON r.id = o.round_id WHERE r.group_year = $1)::int AS offers,
                (SELECT count(*) FROM queue.outbox WHERE type = 'OfferMade' AND published_at IS NULL)::int AS unrelayed,
                (SELECT count(*) FROM queue.outbox WHERE type = 'OfferMade')::int AS made`,
        [ROUND_YEAR],
      )
    ).rows;
    return r as { rounds: number; taken: number; offers: number; unrelayed: number; made: number };
  };
  try {
    started = process.hrtime.bigint();
    await raw.query(
      `INSERT INTO vacancies.outbox (event_id, type, aggregate_id, payload, occurred_at)
       SELECT gen_random_uuid(), 'SeatsPublished', g.id,
              jsonb_build_object('groupId', g.id, 'kindergartenId', k.id, 'regionId', k.region_id, 'districtId', k.district_id,
                                 'groupYear', g.group_year, 'language', g.language, 'count', $2::int), now()
       FROM vacancies."group" g JOIN vacancies.kindergarten k ON k.id = g.kindergarten_id WHERE g.id = ANY($1::uuid[])`,
      [groups, SEATS_EACH],
    );
    await relayVacancies.drain();
    const delivered = ms(started);
    let state = await unfinished();
    await until(
      'every round, offer and OfferMade relayed',
      async () => {
        state = await unfinished();
        return state.taken === PUBLICATIONS && state.unrelayed === 0 && state.made === state.offers;
      },
      600,
    );
    const total = ms(started);
    const tail = Number(process.hrtime.bigint() - lastRoundAt) / 1e6;
    // Rounds of one portal and group year run one at a time (an advisory lock), each taking the
    // publications waiting when it starts: their wall time is the sum of each round's work.
    const inLock = rounds.ms - candidates.ms - hold.ms;
    console.log(
      `${PUBLICATIONS * SEATS_EACH} seats in ${PUBLICATIONS} publications: ${state.rounds} rounds, ${state.offers} offers, all OfferMade relayed in ${fmt(total)} (goal ≤ 10 s); ${fmt(total / state.rounds)} a round`,
    );
    reportFigure({
      bench: 'lifecycle',
      figure: `offer round: ${PUBLICATIONS * SEATS_EACH} seats in ${PUBLICATIONS} publications, ${QUEUED} queued, until every offer and OfferMade`,
      value: round3(total / 1000),
      unit: 's',
      better: 'lower',
      goal: 10,
      note: `${state.rounds} rounds`,
    });
    console.log(`  SeatsPublished committed and delivered to the queue's inbox: ${fmt(delivered)}`);
    console.log(`  candidates query (nextEligibleIn): ${fmt(candidates.ms)} in ${candidates.calls} calls`);
    console.log(`  hold call to vacancies:            ${fmt(hold.ms)} in ${hold.calls} calls`);
    console.log(`  offers transactions (the rest):    ${fmt(inLock)}`);
    console.log(`  (openWaitingRounds summed over the inbox's concurrent jobs: ${fmt(rounds.ms)})`);
    console.log(
      `  relay of queue.outbox: ${fmt(relay.ms)} in ${relay.calls} batches; after the last round: ${fmt(tail)}`,
    );
    const { rows: mix } = await raw.query(
      `SELECT a.privilege, count(*)::int AS n FROM queue.offer o JOIN queue.application a ON a.id = o.application_id
       GROUP BY 1 ORDER BY 1`,
    );
    console.log(`  offers by privilege: ${mix.map((m) => `${m.privilege} ${m.n}`).join(', ')}`);
  } finally {
    await relayVacancies.stop();
    await inbox.close();
    await vacanciesDb.destroy();
  }
}

/**
 * (lateness) Deadlines scheduled by the real `Deadlines` on rows whose state they change, run by
 * the worker's DeadlineProcessor; each job's lateness is its start minus its instant.
 */
async function benchLateness(raw: Client, worker: Worker) {
  const deadlines = worker.app.get(Deadlines);
  const processor = worker.app.get(DeadlineProcessor);
  const sweeper = worker.app.get(LifecycleSweeper);
  const queue = worker.app.get(Queues).get(JobList.QueueDeadlines);
  // The sweep's own schedule would overlap the timed sweep: the bench calls it directly.
  await queue.removeJobScheduler('sweep');
  const due = new Map<string, number>();
  const late: number[] = [];
  const finished: number[] = [];
  let failures = 0;
  const process_ = processor.process.bind(processor);
  processor.process = async (job: Job<{ id: string }>) => {
    const at = due.get(job.data.id);
    if (at !== undefined) late.push(Date.now() - at);
    try {
      return await process_(job);
    } catch (e) {
      if (failures++ === 0) console.error(`${job.name} ${job.data.id} failed: ${(e as Error).message}`);
      throw e;
    } finally {
      if (at !== undefined) finished.push(Date.now() - at);
    }
  };

  let seeded = 0;
  /** n/2 open rounds and n/2 issued referrals (their children with them), due at `instants`. */
  const seed = async (instants: number[]) => {
    const half = Math.floor(instants.length / 2);
    const now = new Date();
    const policy = JSON.stringify(portal.policy);
    const { rows: roundIds } = await raw.query<{ id: string }>(
      `INSERT INTO queue.offer_round (id, portal_id, area_ids, hold_area_id, group_year, group_ids, seats, held,
                                      published_at, window_ends_at, policy)
       SELECT gen_random_uuid()::text, $1, ARRAY[$2, $3], $3, $4, ARRAY[gen_random_uuid()], 1, 1, $5, to_timestamp(at / 1000.0), $6
       FROM unnest($7::float8[]) at RETURNING id`,
      [REGION, DISTRICT, REGION, LATENESS_YEAR, now, policy, instants.slice(0, half)],
    );
    const referralInstants = instants.slice(half);
    const { rows: referralIds } = await raw.query<{ id: string }>(
      `WITH apps AS (
         INSERT INTO queue.application (number, child_iin, child_full_name, child_birth_date, applicant_id, applicant_ids,
                                        applicant_full_name, privilege, status, group_year, region_id, queue_area_id,
                                        portal_id, created_at, in_queue_since, last_changed_at)
         SELECT 'УО.L.' || ($6::int + k) || '.1', '8' || lpad(($6::int + k)::text, 11, '0'), 'CHILD', make_date($2, 5, 5),
                u, ARRAY[u], 'PARENT', 'NONE', 'REFERRAL_ISSUED', $2, $1, $1, $1, $3, $3, $3
         FROM generate_series(1, $4::int) k, gen_random_uuid() u RETURNING id, number),
       numbered AS (SELECT id, number, row_number() OVER () AS k FROM apps)
       INSERT INTO queue.referral (number, application_id, group_id, requested_at, issued_at, expires_at, original_expires_at,
                                   revocable_until, status, privilege, claim_committed_at)
       SELECT n.number || '/1', n.id, gen_random_uuid(), $3, $3, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0),
              $3, 'ISSUED', 'NONE', $3
       FROM numbered n JOIN unnest($5::float8[]) WITH ORDINALITY x(at, k) ON x.k = n.k RETURNING id`,
      [REGION, LATENESS_YEAR, now, referralInstants.length, referralInstants, (seeded += referralInstants.length)],
    );
    const rows = [
      ...roundIds.map((r, i) => ({ kind: Deadline.OfferWindow, id: r.id, at: instants[i] })),
      ...referralIds.map((r, i) => ({ kind: Deadline.ReferralExpiry, id: r.id, at: referralInstants[i] })),
    ];
    return rows;
  };

  const run = async (label: string, instants: number[]) => {
    const rows = await seed(instants);
    late.length = 0;
    finished.length = 0;
    const t = process.hrtime.bigint();
    for (const r of rows) due.set(r.id, r.at + 1); // a deadline's job runs just after its last millisecond
    await Promise.all(rows.map((r) => deadlines.schedule(r.kind, r.id, new Date(r.at))));
    const scheduling = ms(t);
    await until(`${label}: every deadline run`, async () => finished.length >= rows.length, 120, 50).catch((e) => {
      console.error(`${late.length} started, ${finished.length} finished of ${rows.length}`);
      throw e;
    });
    const s = [...late].sort((a, b) => a - b);
    const f = [...finished].sort((a, b) => a - b);
    reportFigure({
      bench: 'lifecycle',
      figure: `deadline lateness p99, ${rows.length} deadlines ${label}`,
      value: round3(quantile(s, 0.99) / 1000),
      unit: 's',
      better: 'lower',
      against: { figure: 'p50', value: round3(quantile(s, 0.5) / 1000), unit: 's' },
    });
    console.log(
      `${label.padEnd(52)} start late p50 ${fmt(quantile(s, 0.5))} p99 ${fmt(quantile(s, 0.99))} max ${fmt(s.at(-1)!)}; ` +
        `done p50 ${fmt(quantile(f, 0.5))} p99 ${fmt(quantile(f, 0.99))} max ${fmt(f.at(-1)!)} (scheduled in ${fmt(scheduling)})`,
    );
  };

  const redis = new Redis(REDIS);
  const [, hz] = (await redis.config('GET', 'hz').finally(() => redis.disconnect())) as [string, string];
  console.log(
    `\nlateness: ${DEADLINES} deadlines (half offer windows, half referral expiries), Redis hz ${hz}, DeadlineProcessor concurrency ${(processor as Processor).concurrency ?? 4}`,
  );
  const from = Date.now() + 4000;
  await run(
    `spread over 5 s`,
    Array.from({ length: DEADLINES }, (_, i) => from + Math.floor((i * 5000) / DEADLINES)),
  );
  const instant = Date.now() + 4000;
  await run(
    `all at one instant (as at the end of a day)`,
    Array.from({ length: DEADLINES }, () => instant),
  );

  // Redis loses the delayed jobs: the sweep alone enforces the deadlines.
  const lostAt = Date.now() + 3000;
  const lost = await seed(Array.from({ length: DEADLINES }, () => lostAt));
  await Promise.all(lost.map((r) => deadlines.schedule(r.kind, r.id, new Date(r.at))));
  const removed = await queue.clean(0, DEADLINES * 2, 'delayed');
  await sleep(Math.max(0, lostAt - Date.now()) + 1000);
  const open = async () =>
    (
      await raw.query(
        `SELECT (SELECT count(*) FROM queue.offer_round WHERE closed_at IS NULL AND window_ends_at < now())::int
              + (SELECT count(*) FROM queue.referral WHERE status = 'ISSUED' AND expires_at < now())::int AS n`,
      )
    ).rows[0].n as number;
  const before = await open();
  const t = process.hrtime.bigint();
  const swept = await sweeper.sweep();
  const sweep = ms(t);
  reportFigure({
    bench: 'lifecycle',
    figure: `one sweep enforcing ${before} deadlines whose jobs Redis lost`,
    value: round3(sweep / 1000),
    unit: 's',
    better: 'lower',
    note: 'worst-case lateness: the 60 s sweep interval + this',
  });
  console.log(
    `jobs lost (${removed.length} delayed jobs deleted), ${before} deadlines overdue: one sweep ${fmt(sweep)} ` +
      `(${swept.rounds} rounds closed, ${swept.referrals} referrals expired, ${swept.stopLists} stop-lists released); ` +
      `${await open()} left; worst-case lateness = 60 s interval + ${fmt(sweep)}`,
  );
}

/**
 * (race) RACERS parents choose at once among the last RACE_SEATS free seats (4 groups): prepare,
 * SIGN in the NCALayer emulator, submitSigned, through the gateway.
 */
async function benchRace(
  raw: Client,
  dbUrl: string,
  stack: Stack,
  signer: AccessTokenSigner,
  pki: DevPki,
  logLines: string[],
  race: { racers: number; seats: number; serial: number; warmUp: boolean },
) {
  const { racers: RACERS, seats: RACE_SEATS, serial } = race;
  const queueDb = await createDataSource(queueData, dbUrl).initialize();
  let t = process.hrtime.bigint();
  const groups = await seatGroups(raw, RACE_YEAR, 4, RACE_SEATS / 4, race.warmUp ? ' warm-up' : '');
  // Parents: SIGN keys from the dev PKI (a few RSA key pairs shared between certificates: key
  // generation is not what is measured), children filed by the filing code, tokens as signIn issues them.
  const parents = Array.from({ length: RACERS }, (_, i) => ({
    i,
    userId: randomUUID(),
    iin: makeIin(`19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'M' : 'F', serial + i),
    applicationId: '',
    token: '',
    key: null as { privateKey: KeyObject; certificatePem: string } | null,
  }));
  for (let k = 0; k < parents.length; k += 25)
    await Promise.all(
      parents
        .slice(k, k + 25)
        .map((p) => pki.issue({ iin: p.iin, surname: 'ТЕСТОВ', givenName: `АТА ${p.i}` }, { types: ['SIGN'] })),
    );
  // Each parent signs on their own machine: the emulator's key selection is one per emulator (as
  // NCALayer's is one per computer), so 1,000 parents through one emulator would sign with each
  // other's keys. They sign as the emulator does (signLikeNcaLayer), with their own key, loaded
  // once as NCALayer loads it when the parent opens the key store.
  for (const p of parents) {
    const key = pki.findKey({ iin: p.iin, type: 'SIGN' })!;
    p.key = { privateKey: createPrivateKey(key.privateKeyPem), certificatePem: key.certificatePem };
  }
  const issued = ms(t);
  t = process.hrtime.bigint();
  for (const p of parents) {
    const birthDate = `${RACE_YEAR}-0${1 + (p.i % 9)}-${String(1 + (p.i % 28)).padStart(2, '0')}`;
    const app = await queueDb.transaction((tx) =>
      fileApplication(
        tx,
        {
          portal,
          regionId: REGION,
          input: filingInput.parse({
            childIin: makeIin(birthDate, 'F', serial + 1000 + p.i),
            childFullName: `Бала ${p.i}`,
            childBirthDate: birthDate,
            queueAreaId: REGION,
            privilege: 'NONE',
          }),
          applicant: { userId: p.userId, fullName: `ТЕСТОВ АТА ${p.i}` },
          signatureId: null,
        },
        new Date(),
      ),
    );
    p.applicationId = app.id;
    p.token = (await signer.sign({ userId: p.userId, iin: p.iin, roles: [Role.APPLICANT] }, new Date())).token;
  }
  console.log(
    `\n${race.warmUp ? 'warm-up race (not measured)' : 'race'}: ${RACERS} parents (SIGN keys issued in ${fmt(issued)}, children filed and signed in in ${fmt(ms(t))}), ${RACE_SEATS} free seats in 4 groups`,
  );

  // Parents reach Kezek through their city portal's servers, which call the gateway over a pool
  // of kept-alive connections (not a connection per parent, as one fetch per parent would open).
  const gateway = new URL(stack.gatewayUrl!);
  const portalPool = new Pool(gateway.origin, { connections: PORTAL_CONNECTIONS });
  const post = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await portalPool.request({
      path: gateway.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-kezek-portal': REGION },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.body.json()) as {
      data?: Record<string, { id?: string; xml?: string; status?: string } | null>;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
  };
  const submits: number[] = [];
  const outcomes = new Map<string, number>();
  const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  let signing = 0;
  const choose = async (p: (typeof parents)[number]) => {
    const prepared = await post(
      'mutation($a: ID!, $g: ID!) { prepareReferral(applicationId: $a, groupId: $g) { id xml } }',
      { a: p.applicationId, g: groups[p.i % groups.length] },
      p.token,
    );
    if (prepared.errors) return count(`prepare ${prepared.errors[0].extensions?.code ?? prepared.errors[0].message}`);
    const s = process.hrtime.bigint();
    const x = signLikeNcaLayer(prepared.data!.prepareReferral!.xml!, p.key!.privateKey, p.key!.certificatePem);
    signing += ms(s);
    const t0 = process.hrtime.bigint();
    const res = await post(
      'mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) { ... on Referral { id status } } }',
      { id: prepared.data!.prepareReferral!.id, x },
      p.token,
    );
    submits.push(ms(t0));
    count(
      res.errors
        ? (res.errors[0].extensions?.code ?? res.errors[0].message)
        : `referral ${res.data!.submitSigned!.status}`,
    );
  };
  t = process.hrtime.bigint();
  const logged = logLines.length;
  const cpuBefore = cpuSeconds(stack);
  const ownBefore = process.cpuUsage();
  const pgBefore = postgresCpuSeconds();
  await Promise.all(
    parents.map((p) =>
      choose(p).catch((e: Error & { cause?: { code?: string } }) => count(`no answer (${e.cause?.code ?? e.message})`)),
    ),
  );
  const elapsed = ms(t);
  const cpuAfter = cpuSeconds(stack);
  const own = process.cpuUsage(ownBefore);
  const pgAfter = postgresCpuSeconds();
  const sorted = submits.sort((a, b) => a - b);
  const {
    rows: [c],
  } = await raw.query(
    `SELECT (SELECT count(*) FROM vacancies.seat WHERE group_id = ANY($1::uuid[]) AND status = 'CLAIMED')::int AS claimed,
            (SELECT count(*) FROM vacancies.seat WHERE group_id = ANY($1::uuid[]) AND status = 'FREE')::int AS free,
            (SELECT count(*) FROM queue.referral WHERE group_id = ANY($1::uuid[]) AND status = 'ISSUED')::int AS issued,
            (SELECT count(*) FROM queue.application WHERE id = ANY($2::uuid[]) AND status = 'REFERRAL_ISSUED')::int AS apps,
            (SELECT count(*) FROM identity.signature
              WHERE action = 'queue.issue-referral' AND signer_iin = ANY($3::text[]))::int AS verified`,
    [groups, parents.map((p) => p.applicationId), parents.map((p) => p.iin)],
  );
  const serverCpu = [...cpuAfter].reduce((n, [name, sec]) => n + sec - (cpuBefore.get(name) ?? 0), 0);
  if (race.warmUp) {
    console.log(
      `  ${RACERS} choices in ${fmt(elapsed)}: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}; signatures verified ${c.verified}; server CPU ${((serverCpu * 1000) / RACERS).toFixed(1)} ms a choice`,
    );
    await portalPool.close();
    return queueDb.destroy();
  }
  reportFigure({
    bench: 'lifecycle',
    figure: `release-day race: ${RACERS} parents choose among the last ${RACE_SEATS} seats at once, through the gateway, signed`,
    value: round3(elapsed / 1000),
    unit: 's',
    better: 'lower',
    goal: 10,
    note: `server CPU ${((serverCpu * 1000) / RACERS).toFixed(1)} ms a choice; submitSigned p99 ${fmt(quantile(sorted, 0.99))}`,
  });
  console.log(
    `${RACERS} choices at once in ${fmt(elapsed)} (goal ≤ 10 s); submitSigned p50 ${fmt(quantile(sorted, 0.5))} p99 ${fmt(quantile(sorted, 0.99))}; signing ${fmt(signing)} summed`,
  );
  console.log(
    `  outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}; signatures verified ${c.verified} (the others refused before verification)`,
  );
  const ownCpu = ((own.user + own.system) / 1e6).toFixed(1);
  const pgCpu = pgBefore === null || pgAfter === null ? 'not measured' : `${(pgAfter - pgBefore).toFixed(1)} s`;
  console.log(
    `  CPU during the race (user + system): ${[...cpuAfter]
      .map(([name, s]) => `${name} ${(s - (cpuBefore.get(name) ?? 0)).toFixed(1)} s`)
      .join(
        ', ',
      )}; PostgreSQL ${pgCpu}; this process (the parents' signing, the dev OCSP responder, the HTTP clients) ${ownCpu} s`,
  );
  const consistent = c.claimed === c.issued && c.issued === c.apps && c.issued === RACE_SEATS;
  console.log(
    `  seats CLAIMED ${c.claimed}, FREE ${c.free}; referrals ISSUED ${c.issued}; applications REFERRAL_ISSUED ${c.apps}` +
      (consistent ? ' (consistent)' : ' (INCONSISTENT)'),
  );
  // A race that put two children on a seat, or left one without its referral, fails the bench.
  if (!consistent) process.exitCode = 1;
  // Internal errors are masked in answers: their causes are in the processes' logs.
  const causes = new Map<string, number>();
  for (const line of logLines.slice(logged)) {
    const m = /"msg":"([^"]{0,160})/.exec(line);
    if (m && /error|fail|timeout|timed out/i.test(m[1])) {
      const err = /"message":"([^"]{0,160})/.exec(line)?.[1];
      const key = `${line.slice(0, line.indexOf(']') + 1)} ${m[1]}${err ? `: ${err}` : ''}`.replace(
        /[0-9a-f-]{36}/g,
        '…',
      );
      causes.set(key, (causes.get(key) ?? 0) + 1);
    }
  }
  for (const [cause, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  log ×${n}: ${cause}`);
  await portalPool.close();
  await queueDb.destroy();
}

async function main() {
  const database = await benchDatabase(SERVER, DB);
  const dbUrl = database.url;
  const raw = new Client({ connectionString: dbUrl });
  const closers: Array<() => Promise<unknown>> = [];
  const benchStarted = Date.now();
  try {
    await migrateAll(dbUrl);
    await seedAll(dbUrl, new Date());
    await raw.connect();
    await raw.query(`INSERT INTO vacancies.district VALUES ($1, $2, 'bench', 'bench')`, [DISTRICT, REGION]);

    const pkiDir = mkdtempSync(join(tmpdir(), 'kezek-bench-pki-'));
    closers.push(async () => rmSync(pkiDir, { recursive: true, force: true }));
    const source = cachedRsaKeys();
    const pool = await Promise.all(Array.from({ length: 8 }, () => source()));
    let drawn = 0;
    const pki = await DevPki.open({ dir: pkiDir, keys: async () => pool[drawn++ % pool.length] });
    const pkiServer = await startDevPkiServer({ pki, port: 0 });
    closers.unshift(() => pkiServer.close());

    const keys = generateTokenKeyPair();
    const secret = randomBytes(32).toString('base64url');
    const prefix = `kezek-bench-${randomBytes(4).toString('hex')}`;
    // Last: the jobs left under the bench's prefix (stop-list releases days ahead, failed jobs).
    closers.push(async () => {
      for (const name of Object.values(JobList)) {
        const q = new Queue(name, { connection: { url: REDIS }, prefix });
        await q.obliterate({ force: true }).finally(() => q.close());
      }
    });
    const lines: string[] = [];
    const stack = await startStack({
      databaseUrl: dbUrl,
      redisUrl: REDIS,
      jwtPublicKeyPem: keys.publicKeyPem,
      jwtPrivateKeyPem: keys.privateKeyPem,
      ports: 'free',
      workers: false,
      gateway: true,
      queuePrefix: prefix,
      trust: devTrustEnv(pki, pkiServer.url),
      env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', INTERNAL_API_SECRET: secret },
      onLine: (name, line) => lines.push(`[${name}] ${line}`),
    }).catch((e: unknown) => {
      console.error(lines.slice(-30).join('\n'));
      throw e;
    });
    closers.unshift(() => stack.stop());

    // The queue's worker in this process: the relay, the inbox (rounds), deadlines and the sweeper.
    const vacanciesUrl = stack.subgraphs.find((s) => s.name === 'vacancies')!.url.replace(/\/graphql$/, '');
    const config = {
      ...loadServiceConfig(
        { name: 'queue', role: 'worker' },
        {},
        {
          PORT: '0',
          DATABASE_URL: dbUrl,
          REDIS_URL: REDIS,
          QUEUE_PREFIX: prefix,
          AUTH_JWT_PUBLIC_KEY: keys.publicKeyPem,
          LOG_LEVEL: 'warn',
        },
      ),
      ...loadConfig(vacanciesApiEnv, { VACANCIES_INTERNAL_URL: vacanciesUrl, INTERNAL_API_SECRET: secret }),
    };
    const started = await startApp(WorkerModule.forRoot({ config }));
    const worker: Worker = { app: started.app, close: started.close, prefix };
    closers.unshift(() => worker.close());

    if (PARTS.has('round')) await benchRound(raw, worker, dbUrl);
    if (PARTS.has('lateness')) await benchLateness(raw, worker);
    if (PARTS.has('race')) {
      const signer = new AccessTokenSigner(keys.privateKeyPem);
      // The servers of a release day have served parents all morning: the measured race runs on
      // processes that have already run the same path (V8 optimises a path once it runs hot).
      if (WARM_UP_RACERS > 0)
        await benchRace(raw, dbUrl, stack, signer, pki, lines, {
          racers: WARM_UP_RACERS,
          seats: Math.max(4, Math.round(WARM_UP_RACERS / 10 / 4) * 4),
          serial: 5000,
          warmUp: true,
        });
      await benchRace(raw, dbUrl, stack, signer, pki, lines, {
        racers: RACERS,
        seats: RACE_SEATS,
        serial: 1000,
        warmUp: false,
      });
    }
    console.log(`\nparts ${[...PARTS].join(', ')}: ${((Date.now() - benchStarted) / 1000).toFixed(0)} s in all`);
  } finally {
    for (const close of closers) await close().catch((e: unknown) => console.error(e));
    await raw.end().catch(() => undefined);
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
