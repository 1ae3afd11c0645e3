import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import autocannon from 'autocannon';
import gql from 'graphql-tag';
import { Client, Pool } from 'pg';
import { generateTokenKeyPair, GatewayCredentialSigner, GATEWAY_CREDENTIAL_HEADER } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
// The whole graph on the bench's database with infra's stack tooling, as the services' benches do.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateAll } from '../../infra/migrate/migrate';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedAll } from '../../infra/dev/seed';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Stack, startStack } from '../../infra/dev/stack';

/**
 * One query, three servers, the same run (issue 13's first two ratios):
 * - the gateway with every feature on (token check, portal header, limits, request ids),
 * - the vacancies subgraph it calls, directly (with the gateway's credential),
 * - a bare `@apollo/server` + `@apollo/subgraph` answering the same query with the same SQL from
 *   the same database: what the subgraph would cost without NestJS and our per-request plumbing.
 *
 *   npm run bench:graph   (DATABASE_URL=postgres://…, REDIS_URL=redis://…; SECONDS=10, CONNECTIONS=10,50)
 *
 * The stack runs as deployed (NODE_ENV=production, LOG_LEVEL=info unless set): what a request
 * costs there is what is measured. CPU_PROF_DIR=<dir> writes a CPU profile of each process.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = (process.env.CONNECTIONS ?? '10,50').split(',').map(Number);
const DB = 'kezek_bench_graph';
const PORTAL = 'astana';
const QUERY = JSON.stringify({ query: '{ regions { id } }' });

async function admin(sql: string) {
  const c = new Client({ connectionString: SERVER });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

/** The bare subgraph: the same SDL shape, the same SQL TypeORM sends for `regions`. */
async function bareSubgraph(dbUrl: string): Promise<{ url: string; stop: () => Promise<unknown> }> {
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  const regionIds = DEFAULT_PORTALS.find((p) => p.id === PORTAL)!.regionIds;
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: gql`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Region @key(fields: "id") {
          id: ID!
          nameKk: String!
          nameRu: String!
        }
        type Query {
          regions: [Region!]!
        }
      `,
      resolvers: {
        Query: {
          regions: async () =>
            (
              await pool.query(
                `SELECT id, name_kk AS "nameKk", name_ru AS "nameRu" FROM vacancies.region WHERE id = ANY($1) ORDER BY name_ru ASC`,
                [regionIds],
              )
            ).rows,
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop().then(() => pool.end()) };
}

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, connections: number): Promise<Figure> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: QUERY,
    connections,
    duration: SECONDS,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

const show = (f: Figure) =>
  `${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms${f.errors ? `  (${f.errors} errors)` : ''}`;

async function main() {
  const url = new URL(SERVER);
  url.pathname = `/${DB}`;
  const dbUrl = url.toString();
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
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
    const targets: Array<[string, string, () => Promise<Record<string, string>>]> = [
      ['gateway', stack.gatewayUrl!, async () => ({ 'x-kezek-portal': PORTAL })],
      ['vacancies subgraph', vacancies, credential],
      ['bare @apollo/subgraph', bare.url, async () => ({})],
    ];
    // Every target answers the same data before it is measured.
    for (const [name, target, headers] of targets) {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headers()) },
        body: QUERY,
      });
      const body = (await res.json()) as { data?: { regions: Array<{ id: string }> } };
      if (!body.data?.regions.length) throw new Error(`${name} answered ${JSON.stringify(body)}`);
    }
    console.log(
      `{ regions { id } } for portal ${PORTAL}, ${SECONDS} s per figure, NODE_ENV=production LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}`,
    );
    for (const connections of CONNECTIONS) {
      const figures = new Map<string, Figure>();
      for (const [name, target, headers] of targets) {
        figures.set(name, await load(target, await headers(), connections));
        console.log(`  ${String(connections).padStart(2)} connections  ${name.padEnd(22)} ${show(figures.get(name)!)}`);
      }
      const [gateway, subgraph, bareFigure] = [...figures.values()];
      console.log(
        `  ${String(connections).padStart(2)} connections  gateway / subgraph ${(gateway.rps / subgraph.rps).toFixed(2)} (goal ≥ 0.5); ` +
          `subgraph / bare ${(subgraph.rps / bareFigure.rps).toFixed(2)} (goal ≥ 0.5)`,
      );
    }
  } finally {
    await bare?.stop().catch((e: unknown) => console.error(e));
    await stack?.stop().catch((e: unknown) => console.error(e));
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
