import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  AccessTokenSigner,
  GATEWAY_CREDENTIAL_HEADER,
  GatewayCredentialSigner,
  generateTokenKeyPair,
  Principal,
  Role,
} from '@kezek/auth';
import { demoPerson } from '@kezek/demo';
import { cachedRsaKeys, DevPki, startDevPkiServer } from '@kezek/dev-pki';
import { makeIin } from '@kezek/iin';
import { signWithEmulator, startNcaLayerEmulator } from '@kezek/ncalayer-emulator';
import { Portals } from '@kezek/portals';
import { createDataSource, runMigrations } from '@kezek/database';
import { DEFAULT_POLICY } from '@kezek/policy';
import { AllocationRepository } from '../src/allocation/allocation.repository';
import { AllocationService } from '../src/allocation/allocation.service';
import { queueData } from '../src/data-source';
import { POSITIONS_SQL, PositionRepository } from '../src/position/position.repository';
import { ApplicationService } from '../src/application/application.service';
import { JournalRepository } from '../src/application/journal.repository';
import { journalArgs } from '../src/application/journal.schema';
// The gateway and filing parts run the whole graph on the bench's database with infra's own
// stack tooling (migrations of every service, demo people, processes); nothing else imports infra.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateAll } from '../../../infra/migrate/migrate';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedAll } from '../../../infra/dev/seed';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { devTrustEnv, Stack, startStack } from '../../../infra/dev/stack';
import { reportFigure, round3 } from '@kezek/bench-report';

/**
 * Queue reads at national scale, each figure next to what it is compared with in the same run:
 *
 * - (a)–(e) positions through PositionRepository next to the bare index-backed COUNT that gives the
 *   same numbers, the window-function ranking it replaced, and AllocationService.nextEligible;
 * - (f) the journal through ApplicationService.journal (an operator of the largest region: first
 *   page with its count, a later page; a parent's first page) next to the bare COUNT, the tally's
 *   sum that replaced it, and the keyset SQL;
 * - (g) one application with its positions, and an operator's journal page, through the gateway vs
 *   directly to the queue subgraph, at CONNECTIONS connections for SECONDS each;
 * - (h) filings through the gateway with real signatures (dev PKI, NCALayer emulator).
 *
 * (a)–(f) are p50/p99 latencies of one request at a time.
 *
 *   npm run bench:queue      (DATABASE_URL=postgres://… REDIS_URL=redis://… to use other servers;
 *                             BENCH_PARTS=positions,journal,gateway,filing to pick parts)
 *
 * It (re)creates the database kezek_bench_queue on that server, applies queue's migrations (every
 * service's, and seeds the demo data of the others, when (g) or (h) start the stack), files ROWS
 * (default 1,000,000) applications with one INSERT … SELECT generate_series, and drops the database
 * at the end — unless BENCH_KEEP_DB=1, which keeps it and reuses it on the next run, applying only
 * the migrations added since (the filings of (h) stay in it). It starts no PostgreSQL or Redis.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROWS = Number(process.env.ROWS ?? 1_000_000);
/** (g): connections in flight and seconds per figure; (h): filings and parents filing at once. */
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const SECONDS = Number(process.env.SECONDS ?? 10);
const FILINGS = Number(process.env.FILINGS ?? 200);
const FILERS = Number(process.env.FILERS ?? 4);
const DB = 'kezek_bench_queue';
const AREAS = 40;
const AT = new Date('2026-03-02T05:00:00Z');
/** The largest queue area: a whole region, the one the portal astana serves (filing needs it so too). */
const LARGEST = 'astana';
/** BENCH_KEEP_DB=1: keep the seeded database at the end and reuse it next time (pending migrations applied). */
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'positions,journal,gateway,filing').split(',').map((p) => p.trim()));

/** One figure of the table: `run(i)` is timed `iterations` times after a few untimed warm-up runs. */
interface Measurement {
  label: string;
  iterations: number;
  run: (i: number) => Promise<unknown>;
}

/** A queued child (or referral holder) to ask the position of; created_at as text keeps its microseconds. */
interface Sample {
  id: string;
  queue_area_id: string;
  group_year: number;
  privilege: string;
  created_at: string;
  number: string;
}

async function admin(sql: string, args: unknown[] = []) {
  const c = new Client({ connectionString: SERVER });
  await c.connect();
  return (await c.query(sql, args).finally(() => c.end())).rows;
}

/** Set on the database once its ROWS applications are filed and indexed, so a kept one is known complete. */
const SEEDED = `seeded ${ROWS}`;

/**
 * ROWS applications in AREAS queue areas, the largest (astana, a region of its own) holding a quarter of them; group years
 * 2020–2025; filed up to 10 months after birth; 5 % out-of-turn, 15 % first-priority; most in
 * the queue, the older years with more enrolled; 1 % on the stop-list.
 */
async function fileApplications(c: Client) {
  // Built without the secondary indexes, then indexed once: row by row, the GIN and journal indexes triple the time.
  const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'queue' AND tablename = 'application'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'queue.application'::regclass)`,
  );
  for (const { indexname } of indexes) await c.query(`DROP INDEX queue.${indexname}`);
  await c.query(`SELECT setseed(0.2026)`);
  await c.query(
    `INSERT INTO application (number, child_iin, child_full_name, child_birth_date, applicant_id, applicant_ids,
                              applicant_full_name, privilege, privilege_document_kind, privilege_document_number,
                              privilege_document_issued_on, privilege_document_issuer, status, group_year, region_id,
                              queue_area_id, portal_id, created_at, in_queue_since, last_changed_at, on_stop_list_until)
     SELECT 'УО.' || extract(year FROM filed) || '.' || lpad(i::text, 7, '0') || '.1', lpad(i::text, 12, '0'),
            'CHILD ' || i, born, applicant, ARRAY[applicant], 'PARENT ' || i, privilege,
            CASE WHEN privilege <> 'NONE' THEN 'Справка' END, CASE WHEN privilege <> 'NONE' THEN 'D-' || i END,
            CASE WHEN privilege <> 'NONE' THEN born END, CASE WHEN privilege <> 'NONE' THEN 'МСЭК' END,
            CASE WHEN s < 0.02 THEN 'NOTIFIED' WHEN s < 0.04 THEN 'REFERRAL_ISSUED'
                 WHEN s < 0.04 + (2025 - y) * 0.06 THEN 'ENROLLED' WHEN s < 0.10 + (2025 - y) * 0.06 THEN 'WITHDRAWN'
                 WHEN s < 0.11 + (2025 - y) * 0.06 THEN 'REMOVED' ELSE 'IN_QUEUE' END,
            y, region, CASE WHEN area = 0 THEN '${LARGEST}' ELSE 'area-' || lpad(area::text, 2, '0') END, region,
            filed, filed, filed,
            CASE WHEN random() < 0.01 THEN $2::timestamptz + random() * interval '14 days' END
     FROM (
       SELECT i, born, extract(year FROM born)::int AS y, s, area, gen_random_uuid() AS applicant,
              CASE WHEN p < 0.05 THEN 'OUT_OF_TURN' WHEN p < 0.20 THEN 'FIRST_PRIORITY' ELSE 'NONE' END AS privilege,
              -- The largest area is a whole region served by one portal (astana), as the operator's journal needs.
              CASE WHEN area = 0 THEN '${LARGEST}' ELSE 'region-' || (area % 20) END AS region,
              (born + random() * interval '300 days') AT TIME ZONE 'Asia/Almaty' AS filed
       FROM (
         SELECT i, make_date(2020 + floor(random() * 6)::int, 1, 1) + (random() * 364)::int AS born, random() AS p, random() AS s,
                CASE WHEN i % 4 = 0 THEN 0 ELSE 1 + (i * 37) % ${AREAS - 1} END AS area
         FROM generate_series(1, $1) AS i
       ) drawn
     ) shaped`,
    [ROWS, AT],
  );
  await c.query(`SET maintenance_work_mem = '256MB'`);
  for (const { indexdef } of indexes) await c.query(indexdef);
  await c.query(`VACUUM ANALYZE application`);
}

/** The positions query PositionRepository replaced: a ranking of the whole area and group year. */
const WINDOW_RANKING = `
  WITH target AS (SELECT DISTINCT queue_area_id, group_year FROM application WHERE id = ANY($1::uuid[]) AND status IN ('IN_QUEUE', 'NOTIFIED'))
  SELECT id, queue_number, privileged_queue_number FROM (
    SELECT a.id,
           row_number() OVER (PARTITION BY a.queue_area_id, a.group_year ORDER BY a.created_at, a.number) AS queue_number,
           CASE WHEN a.privilege = 'NONE' THEN 0
                ELSE row_number() OVER (PARTITION BY a.queue_area_id, a.group_year, a.privilege ORDER BY a.created_at, a.number) END
             AS privileged_queue_number
    FROM application a JOIN target t USING (queue_area_id, group_year)
    WHERE a.status IN ('IN_QUEUE', 'NOTIFIED')
  ) ranked WHERE id = ANY($1::uuid[])`;

/** Both numbers of one child as bare counts, its row's values given: the floor for (a). */
const BARE_COUNTS = `
  SELECT (SELECT count(*) FROM application
          WHERE queue_area_id = $1 AND group_year = $2 AND status IN ('IN_QUEUE', 'NOTIFIED')
            AND (created_at, number) < ($3::timestamptz, $4)) + 1 AS queue_number,
         CASE WHEN $5 = 'NONE' THEN 0 ELSE
         (SELECT count(*) FROM application
          WHERE queue_area_id = $1 AND group_year = $2 AND privilege = $5 AND status IN ('IN_QUEUE', 'NOTIFIED')
            AND (created_at, number) < ($3::timestamptz, $4)) + 1 END AS privileged_queue_number`;
const bareArgs = (s: Sample) => [s.queue_area_id, s.group_year, s.created_at, s.number, s.privilege];

/**
 * Times every measurement, their runs spread evenly over one pass, one at a time: background
 * load on a shared machine then weighs on all figures alike, which keeps the ratios honest.
 */
async function measureSideBySide(measurements: Measurement[]) {
  for (const m of measurements) for (let i = 0; i < Math.min(10, m.iterations); i++) await m.run(i);
  const rounds = Math.max(...measurements.map((m) => m.iterations));
  const times = measurements.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    for (const [k, m] of measurements.entries()) {
      if ((round * m.iterations) % rounds >= m.iterations) continue;
      const started = process.hrtime.bigint();
      await m.run(times[k].length);
      times[k].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  return measurements.map((m, k) => {
    const ms = times[k].sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
    return { label: m.label, iterations: ms.length, p50: at(0.5), p99: at(0.99) };
  });
}

/** The scan nodes PostgreSQL chose for a statement, e.g. "Index Only Scan on application_queue_order_idx". */
async function scans(c: Client, sql: string, args: unknown[]): Promise<string[]> {
  const [{ 'QUERY PLAN': plan }] = (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, args)).rows;
  const found: string[] = [];
  const walk = (n: Record<string, unknown>) => {
    if (String(n['Node Type']).includes('Scan'))
      found.push(
        `${n['Node Type']} on ${n['Index Name'] ?? n['Relation Name']} (heap fetches ${n['Heap Fetches'] ?? '-'})`,
      );
    for (const child of (n.Plans as Array<Record<string, unknown>>) ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return [...new Set(found)];
}

/** Prints the figures of one part as a table. */
function printTable(results: Array<{ label: string; iterations: number; p50: number; p99: number; extra?: string }>) {
  const cell = (v: number) => v.toFixed(2).padStart(9);
  console.log(`\n${'measurement'.padEnd(60)} ${'runs'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
  for (const r of results) {
    console.log(
      `${r.label.padEnd(60)} ${String(r.iterations).padStart(6)} ${cell(r.p50)} ${cell(r.p99)}${r.extra ? `  ${r.extra}` : ''}`,
    );
    reportFigure({
      bench: 'queue',
      figure: `${r.label}, p50`,
      value: round3(r.p50),
      unit: 'ms',
      better: 'lower',
      note: `p99 ${round3(r.p99)} ms, ${r.iterations} runs${r.extra ? `; ${r.extra}` : ''}`,
    });
  }
}

/** (a)–(e): positions and allocation order, one request at a time. */
async function benchPositions(db: DataSource, raw: Client) {
  // Children asked about: drawn across the table, so the large areas get their share.
  const samples: Sample[] = (
    await raw.query(
      `SELECT id, queue_area_id, group_year, privilege, created_at::text AS created_at, number FROM application
       WHERE status IN ('IN_QUEUE', 'NOTIFIED', 'REFERRAL_ISSUED') ORDER BY random() LIMIT 2000`,
    )
  ).rows;
  const positions = new PositionRepository(db);
  const allocation = new AllocationService(new AllocationRepository(db));
  for (const s of samples.slice(0, 200)) {
    const {
      rows: [counted],
    } = await raw.query(BARE_COUNTS, bareArgs(s));
    const bare = {
      queueNumber: Number(counted.queue_number),
      privilegedQueueNumber: Number(counted.privileged_queue_number),
    };
    const pos = (await positions.positionsOf([s.id])).get(s.id);
    if (JSON.stringify(pos) !== JSON.stringify(bare)) throw new Error(`${s.id}: ${JSON.stringify({ pos, bare })}`);
    // The ranking numbered only IN_QUEUE and NOTIFIED children; for them it must agree.
    const {
      rows: [ranked],
    } = await raw.query(WINDOW_RANKING, [[s.id]]);
    if (ranked && Number(ranked.queue_number) !== bare.queueNumber) throw new Error(`${s.id}: ranking disagrees`);
  }
  const privilegedInLargest = samples.find((s) => s.queue_area_id === LARGEST && s.privilege !== 'NONE')!;
  console.log(`positions plan: ${(await scans(raw, POSITIONS_SQL, [[privilegedInLargest.id]])).join('; ')}`);

  const largest = samples.filter((s) => s.queue_area_id === LARGEST);
  const page = (i: number) => Array.from({ length: 20 }, (_, k) => samples[(i * 20 + k) % samples.length].id);
  const groupYears = [2020, 2021, 2022, 2023, 2024, 2025];
  const measurements: Measurement[] = [
    {
      label: '(a) position of one child, PositionRepository',
      iterations: 2000,
      run: (i) => positions.positionsOf([samples[i % samples.length].id]),
    },
    {
      label: '(b) the same numbers as bare index COUNTs',
      iterations: 2000,
      run: (i) => db.query(BARE_COUNTS, bareArgs(samples[i % samples.length])),
    },
    {
      label: '(b2) (b) on a plain pg connection, no TypeORM',
      iterations: 2000,
      run: (i) => raw.query(BARE_COUNTS, bareArgs(samples[i % samples.length])),
    },
    {
      label: '(a2) (a) for children of the largest area',
      iterations: 500,
      run: (i) => positions.positionsOf([largest[i % largest.length].id]),
    },
    { label: '(c) positions of a page of 20', iterations: 200, run: (i) => positions.positionsOf(page(i)) },
    {
      label: '(d) position of one child, old window ranking',
      iterations: 30,
      run: (i) => raw.query(WINDOW_RANKING, [[samples[i % samples.length].id]]),
    },
    {
      label: '(d2) (d) for children of the largest area',
      iterations: 30,
      run: (i) => raw.query(WINDOW_RANKING, [[largest[i % largest.length].id]]),
    },
    {
      label: '(e) nextEligible, 50 seats, largest area, each year',
      iterations: 300,
      run: (i) => allocation.nextEligible(LARGEST, groupYears[i % groupYears.length], 50, AT, DEFAULT_POLICY),
    },
  ];
  const started = Date.now();
  const results = await measureSideBySide(measurements);
  printTable(results);
  const [a, b, b2] = results;
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  console.log(
    `\np50 (a)/(b) ${ratio(a.p50, b.p50)} (goal ≤ 1.5), (a)/(b2) ${ratio(a.p50, b2.p50)}; measured in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** What the operator's count without a filter comes to: the region's counters in application_tally. */
const TALLY_SUM = `SELECT coalesce(sum(n), 0) FROM application_tally WHERE region_id = $1`;

/** The bare keyset page the journal's default sort walks: a region's rows by created_at DESC, id DESC. */
const BARE_FIRST_PAGE = `SELECT id, created_at::text AS created_text FROM application WHERE region_id = $1 ORDER BY created_at DESC, id DESC LIMIT 21`;
const BARE_LATER_PAGE = `
  SELECT id, created_at::text AS created_text FROM application
  WHERE region_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
  ORDER BY created_at DESC, id DESC LIMIT 21`;

/**
 * (f) The operator's journal of the largest region through ApplicationService.journal: the first
 * page (with its exact count), a later page (its cursor carries the count), a parent's first page;
 * next to the bare COUNT of the region, the bare sum of its tally and the bare keyset page.
 */
async function benchJournal(db: DataSource, raw: Client) {
  const service = new ApplicationService(db, new JournalRepository(db));
  const portal = Portals.fromEnv(undefined).find(LARGEST)!;
  const operator: Principal = {
    userId: randomUUID(),
    iin: '900101300017',
    roles: [Role.DISTRICT_OPERATOR],
    scopes: { regionIds: [LARGEST] },
    tokenId: randomUUID(),
  };
  const parents: Principal[] = (
    await raw.query<{ applicant_id: string }>(
      `SELECT applicant_id FROM application WHERE region_id = $1 ORDER BY random() LIMIT 200`,
      [LARGEST],
    )
  ).rows.map((r) => ({ userId: r.applicant_id, iin: '900101300017', roles: [Role.APPLICANT], tokenId: randomUUID() }));
  const first = journalArgs.parse({ first: 20 });
  const firstPage = await service.journal(operator, portal, first);
  const {
    rows: [{ n: visible }],
  } = await raw.query(`SELECT count(*)::int AS n FROM application WHERE region_id = $1`, [LARGEST]);
  if (firstPage.totalCount !== visible)
    throw new Error(`journal counted ${firstPage.totalCount}, the region has ${visible}`);
  // Cursors of pages 2..100, and the bare keyset's (created_at, id) of the same places.
  const cursors: string[] = [];
  const keys: Array<[string, string]> = [];
  let page = firstPage;
  while (cursors.length < 99 && page.nextCursor) {
    cursors.push(page.nextCursor);
    const last = page.items[page.items.length - 1];
    keys.push([
      (await raw.query(`SELECT created_at::text AS t FROM application WHERE id = $1`, [last.id])).rows[0].t,
      last.id,
    ]);
    page = await service.journal(operator, portal, journalArgs.parse({ first: 20, after: page.nextCursor }));
  }
  const bareLater = await raw.query(BARE_LATER_PAGE, [LARGEST, ...keys[0]]);
  const secondPage = await service.journal(operator, portal, journalArgs.parse({ first: 20, after: cursors[0] }));
  if (
    bareLater.rows
      .slice(0, 20)
      .map((r) => r.id)
      .join() !== secondPage.items.map((a) => a.id).join()
  )
    throw new Error('the bare keyset page and the journal disagree');
  console.log(`\njournal of ${LARGEST}: ${visible} applications visible to its operator`);
  console.log(
    `journal count plan: ${(await scans(raw, `SELECT count(*) FROM application a WHERE a.region_id = $1`, [LARGEST])).join('; ')}`,
  );
  console.log(`journal tally plan: ${(await scans(raw, TALLY_SUM, [LARGEST])).join('; ')}`);
  console.log(`journal page plan: ${(await scans(raw, BARE_LATER_PAGE, [LARGEST, ...keys[0]])).join('; ')}`);
  const measurements: Measurement[] = [
    {
      label: '(f) operator journal, first page of 20 + exact count',
      iterations: 60,
      run: () => service.journal(operator, portal, first),
    },
    {
      label: '(f1) bare SELECT count(*) of the region',
      iterations: 60,
      run: () => raw.query(`SELECT count(*) FROM application WHERE region_id = $1`, [LARGEST]),
    },
    {
      label: '(f1b) (f1) through the TypeORM pool',
      iterations: 60,
      run: () => db.query(`SELECT count(*) FROM application WHERE region_id = $1`, [LARGEST]),
    },
    {
      label: '(f1c) bare sum of the region from the tally',
      iterations: 60,
      run: () => raw.query(TALLY_SUM, [LARGEST]),
    },
    {
      label: '(f2) operator journal, a later page (2..100), count in cursor',
      iterations: 500,
      run: (i) =>
        service.journal(operator, portal, journalArgs.parse({ first: 20, after: cursors[i % cursors.length] })),
    },
    {
      label: '(f3) bare keyset page SQL, first page (21 ids)',
      iterations: 500,
      run: () => raw.query(BARE_FIRST_PAGE, [LARGEST]),
    },
    {
      label: '(f4) bare keyset page SQL, a later page (21 ids)',
      iterations: 500,
      run: (i) => raw.query(BARE_LATER_PAGE, [LARGEST, ...keys[i % keys.length]]),
    },
    {
      label: "(f5) a parent's journal, first page",
      iterations: 500,
      run: (i) => service.journal(parents[i % parents.length], portal, first),
    },
  ];
  const started = Date.now();
  printTable(await measureSideBySide(measurements));
  console.log(`measured in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Requests completed by `concurrency` workers each sending the next as soon as the last answered, for `seconds`. */
async function closedLoop(label: string, seconds: number, concurrency: number, send: (i: number) => Promise<void>) {
  const times: number[] = [];
  let errors = 0;
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        try {
          await send(n++);
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch (e) {
          if (errors++ === 0) console.error(`${label}: ${(e as Error).message}`);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const ms = times.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN;
  const perSecond = ms.length / elapsed;
  return {
    label,
    iterations: ms.length,
    p50: at(0.5),
    p99: at(0.99),
    perSecond,
    extra: `${perSecond.toFixed(0).padStart(6)} req/s${errors ? `, ${errors} errors` : ''}`,
  };
}

/** POSTs one GraphQL operation; throws on an HTTP error or a GraphQL error. */
async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (!res.ok || body.errors?.length)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  return body.data!;
}

/** The whole graph on the bench database: every subgraph in its own process and the gateway, no workers. */
async function startBenchStack(
  databaseUrl: string,
  trust: NodeJS.ProcessEnv | undefined,
  keys: { publicKeyPem: string; privateKeyPem: string },
) {
  const lines: string[] = [];
  const stack = await startStack({
    databaseUrl,
    redisUrl: REDIS,
    jwtPublicKeyPem: keys.publicKeyPem,
    jwtPrivateKeyPem: keys.privateKeyPem,
    ports: 'free',
    workers: false,
    gateway: true,
    queuePrefix: `kezek-bench-${randomBytes(4).toString('hex')}`,
    trust,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    onLine: (name, line) => lines.push(`[${name}] ${line}`),
  }).catch((e: unknown) => {
    console.error(lines.slice(-30).join('\n'));
    throw e;
  });
  return stack;
}

const APPLICATION = `query($id: ID!) { application(id: $id) { number status queueNumber privilegedQueueNumber } }`;
const JOURNAL = `{ myApplications(first: 20) { totalCount items { number queueNumber } } }`;

/**
 * (g) One application with its positions as its parent, and an operator's journal page, at 10
 * connections for SECONDS each: through the gateway and directly to the queue subgraph.
 */
async function benchGateway(raw: Client, stack: Stack, signer: AccessTokenSigner) {
  const direct = stack.subgraphs.find((s) => s.name === 'queue')!.url;
  const gateway = stack.gatewayUrl!;
  // The gateway's credential lasts a minute: re-signed every 20 s.
  const credentials = new GatewayCredentialSigner(stack.gatewaySecret);
  let credential = await credentials.sign('queue', new Date());
  const refresh = setInterval(() => void credentials.sign('queue', new Date()).then((c) => (credential = c)), 20_000);
  try {
    const { rows: owned } = await raw.query<{ id: string; applicant_id: string }>(
      `SELECT id, applicant_id FROM application WHERE region_id = $1 AND status IN ('IN_QUEUE', 'NOTIFIED') ORDER BY random() LIMIT 100`,
      [LARGEST],
    );
    const parents = await Promise.all(
      owned.map(async (a) => ({
        id: a.id,
        token: (await signer.sign({ userId: a.applicant_id, iin: '900101300017', roles: [Role.APPLICANT] }, new Date()))
          .token,
      })),
    );
    const operator = (
      await signer.sign(
        {
          userId: randomUUID(),
          iin: '900101300017',
          roles: [Role.DISTRICT_OPERATOR],
          scopes: { regionIds: [LARGEST] },
        },
        new Date(),
      )
    ).token;
    const headers = (token: string, toSubgraph: boolean): Record<string, string> => ({
      authorization: `Bearer ${token}`,
      'x-kezek-portal': LARGEST,
      ...(toSubgraph ? { [GATEWAY_CREDENTIAL_HEADER]: credential } : {}),
    });
    const application = (url: string) => async (i: number) => {
      const p = parents[i % parents.length];
      const data = await post<{ application: { queueNumber: number | null } | null }>(
        url,
        APPLICATION,
        { id: p.id },
        headers(p.token, url === direct),
      );
      if (!data.application?.queueNumber) throw new Error(`no position for ${p.id}: ${JSON.stringify(data)}`);
    };
    const journal = (url: string) => async () => {
      const data = await post<{ myApplications: { items: unknown[] } }>(
        url,
        JOURNAL,
        {},
        headers(operator, url === direct),
      );
      if (data.myApplications.items.length !== 20) throw new Error('a short journal page');
    };
    const runs: Array<[string, (i: number) => Promise<void>]> = [
      ['(g) application + positions, through the gateway', application(gateway)],
      ['(g1) application + positions, direct to queue subgraph', application(direct)],
      ['(g2) operator journal page 1, through the gateway', journal(gateway)],
      ['(g3) operator journal page 1, direct to queue subgraph', journal(direct)],
    ];
    for (const [label, send] of runs) await closedLoop(label, 2, CONNECTIONS, send); // warm-up
    const results = [];
    for (const [label, send] of runs) results.push(await closedLoop(label, SECONDS, CONNECTIONS, send));
    console.log(`\nat ${CONNECTIONS} connections, ${SECONDS} s each`);
    printTable(results);
  } finally {
    clearInterval(refresh);
  }
}

const FILE = `mutation($child: ChildInput!, $area: ID!) { prepareApplication(child: $child, regionId: $area) { id xml } }`;
const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) { ... on Application { number queueNumber } } }`;

/**
 * (h) Filings through the gateway with real signatures: prepareApplication → the NCALayer
 * emulator signs with the parent's SIGN key → submitSigned, FILINGS of them by FILERS at once.
 */
async function benchFiling(stack: Stack, emulatorUrl: string) {
  const url = stack.gatewayUrl!;
  const parent = demoPerson('aigerim');
  const sign = (xml: string, type: 'AUTH' | 'SIGN') => signWithEmulator(emulatorUrl, xml, { iin: parent.iin, type });
  const challenge = await post<{ authChallenge: { xml: string } }>(
    url,
    '{ authChallenge { xml } }',
    {},
    { 'x-kezek-portal': LARGEST },
  );
  const signedIn = await post<{ signIn: { accessToken: string } }>(
    url,
    'mutation($x: String!) { signIn(signedXml: $x) { accessToken } }',
    { x: await sign(challenge.authChallenge.xml, 'AUTH') },
    { 'x-kezek-portal': LARGEST },
  );
  const headers = { authorization: `Bearer ${signedIn.signIn.accessToken}`, 'x-kezek-portal': LARGEST };
  // Children born on distinct days of the last five years, so every IIN is new.
  const firstBirth = Date.UTC(new Date().getUTCFullYear() - 5, 6, 1);
  const child = (k: number) => {
    const birthDate = new Date(firstBirth + k * 86_400_000).toISOString().slice(0, 10);
    return { iin: makeIin(birthDate, 'F', 500), fullName: 'Серікова Жұлдыз Дәуренқызы', birthDate };
  };
  const signing: number[] = [];
  const times: number[] = [];
  let next = 0;
  const fileOne = async (k: number) => {
    const t = process.hrtime.bigint();
    const prepared = await post<{ prepareApplication: { id: string; xml: string } }>(
      url,
      FILE,
      { child: child(k), area: LARGEST },
      headers,
    );
    const s = process.hrtime.bigint();
    const signed = await sign(prepared.prepareApplication.xml, 'SIGN');
    signing.push(Number(process.hrtime.bigint() - s) / 1e6);
    const filed = await post<{ submitSigned: { number?: string } }>(
      url,
      SUBMIT,
      { id: prepared.prepareApplication.id, x: signed },
      headers,
    );
    if (!filed.submitSigned.number) throw new Error(`not filed: ${JSON.stringify(filed)}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  };
  await fileOne(FILINGS); // warm-up, a child of its own
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: FILERS }, async () => {
      while (next < FILINGS) await fileOne(next++);
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const ms = [...times.slice(1)].sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  const signShare = signing.slice(1).reduce((x, y) => x + y, 0) / times.slice(1).reduce((x, y) => x + y, 0);
  console.log(`\n${FILINGS} filings by ${FILERS} at once through the gateway, signed in the NCALayer emulator`);
  printTable([
    {
      label: '(h) one filing: prepare + SIGN + submitSigned',
      iterations: ms.length,
      p50: at(0.5),
      p99: at(0.99),
      extra: `${(FILINGS / elapsed).toFixed(1)} filings/s; signing ${(signShare * 100).toFixed(0)} % of the time`,
    },
  ]);
}

async function main() {
  const url = new URL(SERVER);
  url.pathname = `/${DB}`;
  const dbUrl = url.toString();
  const wholeGraph = PARTS.has('gateway') || PARTS.has('filing');
  const [kept] = await admin(
    `SELECT shobj_description(oid, 'pg_database') = $1 AS complete FROM pg_database WHERE datname = $2`,
    [SEEDED, DB],
  );
  const reuse = KEEP_DB && kept?.complete === true;
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DB}`);
  }
  const db = createDataSource(queueData, dbUrl);
  const raw = new Client({ connectionString: dbUrl, options: '-c search_path=queue,public' });
  const closers: Array<() => Promise<unknown>> = [];
  const benchStarted = Date.now();
  try {
    const started = Date.now();
    // The stack needs every service's schema; positions and the journal need queue's alone.
    if (wholeGraph) await migrateAll(dbUrl);
    else await runMigrations(queueData, dbUrl);
    await db.initialize();
    // Loaded in a session of its own: the session that built the table counted a region 2.5 times
    // slower than a fresh one (parallel index-only scans, same plan), which skewed the bare figures.
    if (!reuse) {
      const loader = new Client({ connectionString: dbUrl, options: '-c search_path=queue,public' });
      await loader.connect();
      await fileApplications(loader).finally(() => loader.end());
      await admin(`COMMENT ON DATABASE ${DB} IS '${SEEDED}'`);
    }
    await raw.connect();
    const {
      rows: [shape],
    } = await raw.query(
      `SELECT count(*) AS rows, count(DISTINCT queue_area_id) AS areas,
              (SELECT count(*) FROM application WHERE queue_area_id = '${LARGEST}') AS largest,
              (SELECT count(*) FROM application WHERE queue_area_id = '${LARGEST}' AND group_year = 2024 AND status IN ('IN_QUEUE', 'NOTIFIED')) AS largest_partition
       FROM application`,
    );
    console.log(
      `${shape.rows} applications in ${shape.areas} areas (largest ${shape.largest}; its 2024 queue ${shape.largest_partition}), ${reuse ? 'kept from the last run, migrated' : 'built'} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (PARTS.has('positions')) await benchPositions(db, raw);
    if (PARTS.has('journal')) await benchJournal(db, raw);
    if (wholeGraph) {
      // Demo data of the other services (areas, the demo parents); queue's seed leaves the filed rows alone.
      await seedAll(dbUrl, new Date());
      let trust: NodeJS.ProcessEnv | undefined;
      let emulatorUrl = '';
      if (PARTS.has('filing')) {
        const pkiDir = mkdtempSync(join(tmpdir(), 'kezek-bench-pki-'));
        closers.push(async () => rmSync(pkiDir, { recursive: true, force: true }));
        const pki = await DevPki.open({ dir: pkiDir, keys: cachedRsaKeys() });
        await pki.issue(demoPerson('aigerim'));
        const pkiServer = await startDevPkiServer({ pki, port: 0 });
        closers.unshift(() => pkiServer.close());
        const emulator = await startNcaLayerEmulator({ pki, port: 0 });
        closers.unshift(() => emulator.close());
        emulatorUrl = emulator.url;
        trust = devTrustEnv(pki, pkiServer.url);
      }
      const keys = generateTokenKeyPair();
      const stack = await startBenchStack(dbUrl, trust, keys);
      closers.unshift(() => stack.stop());
      if (PARTS.has('gateway')) await benchGateway(raw, stack, new AccessTokenSigner(keys.privateKeyPem));
      if (PARTS.has('filing')) await benchFiling(stack, emulatorUrl);
    }
    console.log(`\nparts ${[...PARTS].join(', ')}: ${((Date.now() - benchStarted) / 1000).toFixed(0)} s in all`);
  } finally {
    for (const close of closers) await close().catch((e: unknown) => console.error(e));
    await raw.end().catch(() => undefined);
    if (db.isInitialized) await db.destroy();
    if (!KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
