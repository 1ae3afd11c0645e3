import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '@kezek/database';
import { DEFAULT_POLICY } from '@kezek/policy';
import { AllocationRepository } from '../src/allocation/allocation.repository';
import { AllocationService } from '../src/allocation/allocation.service';
import { queueData } from '../src/data-source';
import { POSITIONS_SQL, PositionRepository } from '../src/position/position.repository';

/**
 * Queue reads at national scale: positions through PositionRepository next to the bare
 * index-backed COUNT that gives the same numbers, the window-function ranking it replaced, and
 * AllocationService.nextEligible, as p50/p99 latencies of one request at a time.
 *
 *   npm run bench:queue      (DATABASE_URL=postgres://… to use another server)
 *
 * It (re)creates the database kezek_bench_queue on that server, applies queue's migrations,
 * files ROWS (default 1,000,000) applications with one INSERT … SELECT generate_series, and
 * drops the database at the end. It starts no PostgreSQL.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.ROWS ?? 1_000_000);
const DB = 'kezek_bench_queue';
const AREAS = 40;
const AT = new Date('2026-03-02T05:00:00Z');

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

async function admin(sql: string) {
  const c = new Client({ connectionString: SERVER });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

/**
 * ROWS applications in AREAS queue areas, area-00 holding a quarter of them; group years
 * 2020–2025; filed up to 10 months after birth; 5 % out-of-turn, 15 % first-priority; most in
 * the queue, the older years with more enrolled; 1 % on the stop-list.
 */
async function fileApplications(c: Client) {
  await c.query(`SELECT setseed(0.2026)`);
  await c.query(
    `INSERT INTO application (number, child_iin, child_full_name, child_birth_date, applicant_id, privilege, status,
                              group_year, region_id, queue_area_id, created_at, in_queue_since, last_changed_at,
                              on_stop_list_until)
     SELECT 'УО.' || extract(year FROM filed) || '.' || lpad(i::text, 7, '0') || '.1', lpad(i::text, 12, '0'),
            'CHILD ' || i, born, gen_random_uuid(),
            CASE WHEN p < 0.05 THEN 'OUT_OF_TURN' WHEN p < 0.20 THEN 'FIRST_PRIORITY' ELSE 'NONE' END,
            CASE WHEN s < 0.02 THEN 'NOTIFIED' WHEN s < 0.04 THEN 'REFERRAL_ISSUED'
                 WHEN s < 0.04 + (2025 - y) * 0.06 THEN 'ENROLLED' WHEN s < 0.10 + (2025 - y) * 0.06 THEN 'WITHDRAWN'
                 WHEN s < 0.11 + (2025 - y) * 0.06 THEN 'REMOVED' ELSE 'IN_QUEUE' END,
            y, 'region-' || (area % 20), 'area-' || lpad(area::text, 2, '0'), filed, filed, filed,
            CASE WHEN random() < 0.01 THEN $2::timestamptz + random() * interval '14 days' END
     FROM (
       SELECT i, born, extract(year FROM born)::int AS y, p, s, area,
              (born + random() * interval '300 days') AT TIME ZONE 'Asia/Almaty' AS filed
       FROM (
         SELECT i, make_date(2020 + floor(random() * 6)::int, 1, 1) + (random() * 364)::int AS born, random() AS p, random() AS s,
                CASE WHEN i % 4 = 0 THEN 0 ELSE 1 + (i * 37) % ${AREAS - 1} END AS area
         FROM generate_series(1, $1) AS i
       ) drawn
     ) shaped`,
    [ROWS, AT],
  );
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

async function main() {
  const url = new URL(SERVER);
  url.pathname = `/${DB}`;
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const db = createDataSource(queueData, url.toString());
  const raw = new Client({ connectionString: url.toString(), options: '-c search_path=queue,public' });
  try {
    let started = Date.now();
    await runMigrations(queueData, url.toString());
    await db.initialize();
    await raw.connect();
    await fileApplications(raw);
    const {
      rows: [shape],
    } = await raw.query(
      `SELECT count(*) AS rows, count(DISTINCT queue_area_id) AS areas,
              (SELECT count(*) FROM application WHERE queue_area_id = 'area-00') AS largest,
              (SELECT count(*) FROM application WHERE queue_area_id = 'area-00' AND group_year = 2024 AND status IN ('IN_QUEUE', 'NOTIFIED')) AS largest_partition
       FROM application`,
    );
    console.log(
      `${shape.rows} applications in ${shape.areas} areas (largest ${shape.largest}; its 2024 queue ${shape.largest_partition}), built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

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
    const privilegedInLargest = samples.find((s) => s.queue_area_id === 'area-00' && s.privilege !== 'NONE')!;
    console.log(`positions plan: ${(await scans(raw, POSITIONS_SQL, [[privilegedInLargest.id]])).join('; ')}`);

    const largest = samples.filter((s) => s.queue_area_id === 'area-00');
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
        run: (i) => allocation.nextEligible('area-00', groupYears[i % groupYears.length], 50, AT, DEFAULT_POLICY),
      },
    ];
    started = Date.now();
    const results = await measureSideBySide(measurements);
    const cell = (v: number) => v.toFixed(2).padStart(9);
    console.log(`\n${'measurement'.padEnd(50)} ${'runs'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
    for (const r of results)
      console.log(`${r.label.padEnd(50)} ${String(r.iterations).padStart(6)} ${cell(r.p50)} ${cell(r.p99)}`);
    const [a, b, b2] = results;
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    console.log(
      `\np50 (a)/(b) ${ratio(a.p50, b.p50)} (goal ≤ 1.5), (a)/(b2) ${ratio(a.p50, b2.p50)}; measured in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await raw.end().catch(() => undefined);
    if (db.isInitialized) await db.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
