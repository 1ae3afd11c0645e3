import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { generateTokenKeyPair } from '@kezek/auth';
import { SystemClock } from '@kezek/clock';
import { ServiceAudience, ServiceTokenSigner } from '@kezek/internal-api';
import { loadServiceConfig } from '@kezek/service-runtime';
import { runMigrations } from '@kezek/database';
import { reportFigure } from '@kezek/bench-report';
import { startApp } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { vacanciesData } from '../src/data-source';

/**
 * Claims per second through the claims API next to the raw `SELECT … FOR UPDATE SKIP LOCKED`
 * + UPDATE transaction rate of the same PostgreSQL, in one run.
 *
 *   DATABASE_URL=postgres://… REDIS_URL=redis://… node -r ./infra/register.js services/vacancies/bench/claims.bench.ts
 *
 * It creates and drops its own database on that server; it starts no PostgreSQL or Redis.
 * SEATS (default 3000) claims each way, CONCURRENCY (default 10: the app's pool size) in flight,
 * after WARM_UP (default 200) unmeasured ones each way; the two sides take turns in ROUNDS
 * (default 6) rounds, so a change of the machine's load weighs on both.
 * Wall-clock rates move with the machine's load, so it also prints CPU per claim of each side:
 * this process (the app and its HTTP client, or the raw pg clients) and, when PostgreSQL runs on
 * this machine (its backends readable in /proc), the backends serving the bench database.
 */
const SEATS = Number(process.env.SEATS ?? 3000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const WARM_UP = Number(process.env.WARM_UP ?? 200);

async function admin(server: string, sql: string) {
  const c = new Client({ connectionString: server });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

async function seedGroup(url: string): Promise<string> {
  const c = new Client({ connectionString: url, options: '-c search_path=vacancies,public' });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO region VALUES ('r', 'r', 'r') ON CONFLICT DO NOTHING; INSERT INTO district VALUES ('d', 'r', 'd', 'd') ON CONFLICT DO NOTHING`,
    );
    const {
      rows: [k],
    } = await c.query(
      `INSERT INTO kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages) VALUES ('k', 'k', $1, 51, 71, 'r', 'd', true, '{KK}') RETURNING id`,
      [randomBytes(4).toString('hex')],
    );
    const {
      rows: [g],
    } = await c.query(
      `INSERT INTO "group" (kindergarten_id, group_year, language, capacity) VALUES ($1, 2022, 'KK', $2) RETURNING id`,
      [k.id, SEATS + WARM_UP],
    );
    await c.query(
      `INSERT INTO seat (group_id, status, published_at) SELECT $1, 'FREE', now() FROM generate_series(1, $2)`,
      [g.id, SEATS + WARM_UP],
    );
    return g.id;
  } finally {
    await c.end();
  }
}

/** CPU seconds (user + system) of the backends serving `database`; undefined unless they are local processes. */
async function backendsCpu(server: string, database: string): Promise<number | undefined> {
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
      database,
    ]);
    let ticks = 0;
    for (const { pid } of rows) {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime and stime, in 1/100 s.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
}

/**
 * One side of the comparison, measured over its rounds: claims, wall time, and the CPU of this
 * process and of the PostgreSQL backends. The sides take turns, so a change of the machine's
 * load in the meantime weighs on both.
 */
class Side {
  private claims = 0;
  private seconds = 0;
  private processCpu = 0;
  private postgresCpu: number | null = 0;

  constructor(
    private readonly server: string,
    private readonly database: string,
  ) {}

  /** Runs `count` claims with CONCURRENCY in flight; `claim` gets the side's running claim number. */
  async run(count: number, claim: (n: number, worker: number) => Promise<void>): Promise<void> {
    const pgBefore = await backendsCpu(this.server, this.database);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        while (next < count) await claim(this.claims + next++, worker);
      }),
    );
    this.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    const { user, system } = process.cpuUsage(cpuBefore);
    this.processCpu += (user + system) / 1e6;
    const pgAfter = await backendsCpu(this.server, this.database);
    this.postgresCpu =
      this.postgresCpu === null || pgBefore === undefined || pgAfter === undefined
        ? null
        : this.postgresCpu + pgAfter - pgBefore;
    this.claims += count;
  }

  /** Claims per second, and CPU milliseconds per claim of this process and of PostgreSQL (null if not local). */
  figures() {
    const ms = (seconds: number) => Number(((seconds * 1000) / this.claims).toFixed(3));
    return {
      perSecond: Math.round(this.claims / this.seconds),
      processCpuMs: ms(this.processCpu),
      postgresCpuMs: this.postgresCpu === null ? null : ms(this.postgresCpu),
    };
  }
}

function claim(agent: Agent, base: string, token: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/internal/claims/claim', base),
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function main() {
  const server = process.env.DATABASE_URL;
  if (!server || !process.env.REDIS_URL) {
    process.stderr.write('DATABASE_URL and REDIS_URL are required (the bench uses a running PostgreSQL and Redis)\n');
    process.exit(78);
  }
  const name = `kezek_bench_${process.pid}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const secret = randomBytes(32).toString('hex');
  try {
    await runMigrations(vacanciesData, url.toString());
    const config = {
      ...loadServiceConfig(
        { name: 'vacancies', role: 'api' },
        {},
        {
          PORT: '0',
          DATABASE_URL: url.toString(),
          REDIS_URL: process.env.REDIS_URL,
          AUTH_JWT_PUBLIC_KEY: generateTokenKeyPair().publicKeyPem,
          LOG_LEVEL: 'warn',
          QUEUE_PREFIX: `bench-${process.pid}`,
        },
      ),
      INTERNAL_API_SECRET: secret,
      GATEWAY_SECRET: randomBytes(32).toString('hex'),
    };
    const app = await startApp(AppModule.forRoot({ config }));
    const token = await new ServiceTokenSigner(secret, 'kezek-bench', 3600).sign(
      ServiceAudience.VacanciesInternal,
      new SystemClock().now(),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
      const [apiGroup, rawGroup] = [await seedGroup(url.toString()), await seedGroup(url.toString())];
      const clients = await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const c = new Client({ connectionString: url.toString(), options: '-c search_path=vacancies,public' });
          await c.connect();
          return c;
        }),
      );
      let refused = 0;
      const apiClaim = async (n: number) => {
        if ((await claim(agent, app.url, token, { referralId: `api-${n}`, groupId: apiGroup })) !== 200) refused++;
      };
      const rawClaim = async (n: number, worker: number) => {
        const c = clients[worker];
        await c.query('BEGIN');
        const {
          rows: [s],
        } = await c.query(
          `SELECT id FROM seat WHERE group_id = $1 AND status = 'FREE' ORDER BY published_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [rawGroup],
        );
        if (s)
          await c.query(
            `UPDATE seat SET status = 'CLAIMED', referral_id = $2, claimed_at = now(), pending_until = now() + interval '15 minutes' WHERE id = $1`,
            [s.id, `raw-${n}`],
          );
        await c.query('COMMIT');
      };
      // Both sides warm up (JIT, pools, plans) unmeasured, then take turns, first one then the other.
      const [apiWarmUp, rawWarmUp] = [new Side(server, name), new Side(server, name)];
      await apiWarmUp.run(WARM_UP, (n) => apiClaim(-1 - n));
      await rawWarmUp.run(WARM_UP, (n, worker) => rawClaim(-1 - n, worker));
      const [apiSide, rawSide] = [new Side(server, name), new Side(server, name)];
      for (let round = 0; round < ROUNDS; round++) {
        const count = Math.floor(SEATS / ROUNDS) + (round < SEATS % ROUNDS ? 1 : 0);
        const turns = [() => apiSide.run(count, apiClaim), () => rawSide.run(count, rawClaim)];
        for (const turn of round % 2 ? turns.reverse() : turns) await turn();
      }
      await Promise.all(clients.map((c) => c.end()));
      const [api, raw] = [apiSide.figures(), rawSide.figures()];

      const out = {
        seats: SEATS,
        concurrency: CONCURRENCY,
        claimsApiPerSecond: api.perSecond,
        rawSkipLockedTxPerSecond: raw.perSecond,
        ratio: Number((api.perSecond / raw.perSecond).toFixed(3)),
        refusedApiClaims: refused,
        cpuMsPerClaim: {
          api: { process: api.processCpuMs, postgres: api.postgresCpuMs },
          raw: { process: raw.processCpuMs, postgres: raw.postgresCpuMs },
        },
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      reportFigure({
        bench: 'claims',
        figure: `claim + commit through the claims API / raw SKIP LOCKED transaction, ${CONCURRENCY} in flight`,
        value: out.ratio,
        unit: '×',
        better: 'higher',
        goal: 0.5,
        against: { figure: `API ${out.claimsApiPerSecond} /s, raw`, value: out.rawSkipLockedTxPerSecond, unit: '/s' },
        note: `${SEATS} seats; CPU a claim: API process ${api.processCpuMs} ms, PostgreSQL ${api.postgresCpuMs ?? '?'} ms; raw process ${raw.processCpuMs} ms, PostgreSQL ${raw.postgresCpuMs ?? '?'} ms; load ${out.loadAverage}`,
      });
    } finally {
      agent.destroy();
      await app.close();
    }
  } finally {
    await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
