import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { generateTokenKeyPair, GatewayCredentialSigner, GATEWAY_CREDENTIAL_HEADER } from '@kezek/auth';
// The whole graph on the bench's database with infra's stack tooling, as the services' benches do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateAll } from '../../infra/migrate/migrate';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedAll } from '../../infra/dev/seed';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { cpuSeconds, processCpuSeconds, Stack, startStack } from '../../infra/dev/stack';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REGISTER } from '../../infra/dev/processes';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { benchDatabase } from '../../infra/dev/bench-database';
import { reportFigure, round3 } from '@kezek/bench-report';

/**
 * One query, three servers, the same run (issue 13's first two ratios):
 * - the gateway with every feature on (token check, portal header, limits, request ids),
 * - the vacancies subgraph it calls, directly (with the gateway's credential),
 * - a bare `@apollo/server` + `@apollo/subgraph` answering the same query with the same SQL from
 *   the same database: what the subgraph would cost without NestJS and our per-request plumbing.
 *
 *   npm run bench:graph   (DATABASE_URL=postgres://…, REDIS_URL=redis://…; SECONDS=10, CONNECTIONS=10,50,
 *                          WARM_UP_SECONDS=10 of untimed load on each target, then ROUNDS=5 turns)
 *
 * The stack runs as deployed (NODE_ENV=production, LOG_LEVEL=info unless set): what a request
 * costs there is what is measured. CPU_PROF_DIR=<dir> writes a CPU profile of each process.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.SECONDS ?? 10);
const WARM_UP_SECONDS = Number(process.env.WARM_UP_SECONDS ?? Math.min(10, SECONDS));
const ROUNDS = Number(process.env.ROUNDS ?? Math.min(5, SECONDS));
const CONNECTIONS = (process.env.CONNECTIONS ?? '10,50').split(',').map(Number);
const DB = 'kezek_bench_graph';
const PORTAL = 'astana';
const QUERY = JSON.stringify({ query: '{ regions { id } }' });

/** The bare subgraph in a process of its own (bare-subgraph.ts), as each service runs in its own. */
async function bareSubgraph(dbUrl: string): Promise<{ url: string; pid: number; stop: () => Promise<unknown> }> {
  const profile = process.env.CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', REGISTER, join(__dirname, 'bare-subgraph.ts')], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORTAL },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare subgraph exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('http')) resolve(line.trim());
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, pid: child.pid!, stop };
}

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds per request of each process that served it: steadier than req/s on a shared machine. */
  cpuMs: Record<string, number>;
}

interface Target {
  name: string;
  url: string;
  headers: () => Promise<Record<string, string>>;
  cpu: () => Map<string, number>;
}

/** `seconds` of load on one target: what it answered and the CPU each of its processes used meanwhile. */
async function measure(target: Target, connections: number, seconds: number) {
  const before = target.cpu();
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await target.headers()) },
    body: QUERY,
    connections,
    duration: seconds,
  });
  const after = target.cpu();
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpu: new Map([...after].map(([name, s]) => [name, s - before.get(name)!])),
  };
}

/**
 * The targets measured in turns (ROUNDS of SECONDS / ROUNDS each) rather than one after another:
 * on a shared virtual machine the speed of the cores drifts within a minute, and a ratio of two
 * figures measured a minute apart measured the drift too. Each target first gets untimed load: V8
 * optimises a path only after it has run hot, and a target measured cold would pay for that in its
 * figure while the next (the subgraph behind the gateway) starts warm from the previous one's traffic.
 */
async function loadInTurns(targets: Target[], connections: number): Promise<Figure[]> {
  for (const target of targets) await measure(target, connections, WARM_UP_SECONDS);
  const turns = targets.map(() => [] as Array<Awaited<ReturnType<typeof measure>>>);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, target] of targets.entries()) turns[i].push(await measure(target, connections, SECONDS / ROUNDS));
  return turns.map((runs) => {
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    const sorted = (pick: (r: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b);
    return {
      rps: requests / runs.reduce((n, r) => n + r.seconds, 0),
      p50: sorted((r) => r.p50)[Math.floor(runs.length / 2)],
      p99: Math.max(...sorted((r) => r.p99)),
      errors: runs.reduce((n, r) => n + r.errors, 0),
      cpuMs: Object.fromEntries(
        [...runs[0].cpu.keys()].map((name) => [
          name,
          (runs.reduce((n, r) => n + r.cpu.get(name)!, 0) * 1000) / requests,
        ]),
      ),
    };
  });
}

const show = (f: Figure) =>
  `${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  CPU ${Object.entries(
    f.cpuMs,
  )
    .map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`)
    .join(' + ')} a request${f.errors ? `  (${f.errors} errors)` : ''}`;

async function main() {
  const database = await benchDatabase(SERVER, DB);
  const dbUrl = database.url;
  let stack: Stack | undefined;
  let bare: Awaited<ReturnType<typeof bareSubgraph>> | undefined;
  try {
    await migrateAll(dbUrl);
    await seedAll(dbUrl, new Date());
    const keys = generateTokenKeyPair();
    const lines: string[] = [];
    stack = await startStack({
      databaseUrl: dbUrl,
      redisUrl: REDIS,
      jwtPublicKeyPem: keys.publicKeyPem,
      jwtPrivateKeyPem: keys.privateKeyPem,
      ports: 'free',
      workers: false,
      gateway: true,
      env: { NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      onLine: (name, line) => lines.push(`[${name}] ${line}`),
    }).catch((e: unknown) => {
      console.error(lines.slice(-30).join('\n'));
      throw e;
    });
    bare = await bareSubgraph(dbUrl);
    const vacancies = stack.subgraphs.find((s) => s.name === 'vacancies')!.url;
    // One credential for the whole measure: the gateway signs one per call, valid 60 s.
    const credential = async () => ({
      [GATEWAY_CREDENTIAL_HEADER]: await new GatewayCredentialSigner(stack!.gatewaySecret).sign(
        'vacancies',
        new Date(),
      ),
      'x-kezek-portal': PORTAL,
    });
    const cpuOf =
      (...names: string[]) =>
      () => {
        const all = cpuSeconds(stack!);
        return new Map(names.map((n) => [n, n === 'bare' ? processCpuSeconds(bare!.pid) : all.get(n)!]));
      };
    const targets: Target[] = [
      {
        name: 'gateway',
        url: stack.gatewayUrl!,
        headers: async () => ({ 'x-kezek-portal': PORTAL }),
        cpu: cpuOf('gateway', 'vacancies'),
      },
      { name: 'vacancies subgraph', url: vacancies, headers: credential, cpu: cpuOf('vacancies') },
      { name: 'bare @apollo/subgraph', url: bare.url, headers: async () => ({}), cpu: cpuOf('bare') },
    ];
    // Every target answers the same data before it is measured.
    for (const { name, url: target, headers } of targets) {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headers()) },
        body: QUERY,
      });
      const body = (await res.json()) as { data?: { regions: Array<{ id: string }> } };
      if (!body.data?.regions.length) throw new Error(`${name} answered ${JSON.stringify(body)}`);
    }
    console.log(
      `{ regions { id } } for portal ${PORTAL}, ${SECONDS} s per figure in ${ROUNDS} turns after ${WARM_UP_SECONDS} s of untimed load, NODE_ENV=production LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}`,
    );
    for (const connections of CONNECTIONS) {
      const figures = await loadInTurns(targets, connections);
      for (const [i, { name }] of targets.entries())
        console.log(`  ${String(connections).padStart(2)} connections  ${name.padEnd(22)} ${show(figures[i])}`);
      const [gateway, subgraph, bareFigure] = figures;
      const rps = (f: Figure) => round3(f.rps);
      reportFigure({
        bench: 'graph',
        figure: `gateway / vacancies subgraph, ${connections} connections`,
        value: round3(gateway.rps / subgraph.rps),
        unit: '×',
        better: 'higher',
        goal: 0.5,
        against: { figure: `gateway ${rps(gateway)} req/s, subgraph`, value: rps(subgraph), unit: 'req/s' },
        note: `CPU a request: gateway ${gateway.cpuMs.gateway.toFixed(2)} ms`,
      });
      reportFigure({
        bench: 'graph',
        figure: `vacancies subgraph / bare @apollo/subgraph, ${connections} connections`,
        value: round3(subgraph.rps / bareFigure.rps),
        unit: '×',
        better: 'higher',
        goal: 0.5,
        against: { figure: `subgraph ${rps(subgraph)} req/s, bare`, value: rps(bareFigure), unit: 'req/s' },
        note: `CPU a request: subgraph ${subgraph.cpuMs.vacancies.toFixed(2)} ms, bare ${bareFigure.cpuMs.bare.toFixed(2)} ms`,
      });
      console.log(
        `  ${String(connections).padStart(2)} connections  gateway / subgraph ${(gateway.rps / subgraph.rps).toFixed(2)} (goal ≥ 0.5); ` +
          `subgraph / bare ${(subgraph.rps / bareFigure.rps).toFixed(2)} (goal ≥ 0.5); by CPU a request: ` +
          `gateway ${(subgraph.cpuMs.vacancies / gateway.cpuMs.gateway).toFixed(2)} of the subgraph, ` +
          `subgraph ${(bareFigure.cpuMs.bare / subgraph.cpuMs.vacancies).toFixed(2)} of the bare one`,
      );
    }
  } finally {
    await bare?.stop().catch((e: unknown) => console.error(e));
    await stack?.stop().catch((e: unknown) => console.error(e));
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
