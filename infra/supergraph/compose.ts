import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner, generateTokenKeyPair } from '@kezek/auth';
import { startStack } from '../dev/stack';
import { ensurePostgres, ensureRedis } from '../dev/stores';
import { GATEWAY_PORT, SERVICES } from '../dev/services';
import { ROOT } from '../dev/processes';

export const SUPERGRAPH_PATH = join(ROOT, 'gateway', 'supergraph.graphql');

/** The URL written into the supergraph for a subgraph; deployments override it (SUBGRAPH_<NAME>_URL). */
const canonicalUrl = (name: string) => `http://127.0.0.1:${SERVICES.find((s) => s.name === name)!.port}/graphql`;

/**
 * Asks a running subgraph for its federation SDL (with @key, unlike autoSchemaFile's output),
 * presenting the gateway's credential like every other caller of a subgraph.
 */
export async function fetchSubgraphSdl(url: string, credential: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GATEWAY_CREDENTIAL_HEADER]: credential },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await res.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
  if (!body.data) throw new Error(`${url}: no _service.sdl (${JSON.stringify(body.errors)})`);
  return body.data._service.sdl;
}

/** Composes the subgraphs' SDL into a supergraph, or throws every composition error. */
export function composeSupergraph(subgraphs: Array<{ name: string; sdl: string }>): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: canonicalUrl(s.name), typeDefs: parse(s.sdl) })),
  );
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  return `${result.supergraphSdl.trim()}\n`;
}

/** Composes from subgraphs already running at the given URLs, which hold `gatewaySecret`. */
export async function composeFromRunning(
  subgraphs: Array<{ name: string; url: string }>,
  gatewaySecret: string,
): Promise<string> {
  const signer = new GatewayCredentialSigner(gatewaySecret);
  return composeSupergraph(
    await Promise.all(
      subgraphs.map(async (s) => ({
        name: s.name,
        sdl: await fetchSubgraphSdl(s.url, await signer.sign(s.name, new Date())),
      })),
    ),
  );
}

// `npm run compose`: boots each subgraph in its own process (code-first type metadata is
// process-global), composes and writes gateway/supergraph.graphql, which is committed.
async function main() {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const pg = await ensurePostgres({
    dataDir: join(tmpdir(), `kezek-compose-pg-${process.pid}`),
    persistent: false,
    log,
  });
  const redis = await ensureRedis({ log });
  const keys = generateTokenKeyPair();
  try {
    const stack = await startStack({
      databaseUrl: pg.url,
      redisUrl: redis.url,
      jwtPublicKeyPem: keys.publicKeyPem,
      jwtPrivateKeyPem: keys.privateKeyPem,
      ports: 'free',
      workers: false,
      gateway: false,
      env: { LOG_LEVEL: 'warn' },
      onLine: (name, line) =>
        line.includes('"level":50') || !line.startsWith('{') ? log(`[${name}] ${line}`) : undefined,
    });
    try {
      writeFileSync(SUPERGRAPH_PATH, await composeFromRunning(stack.subgraphs, stack.gatewaySecret));
      log(`wrote ${SUPERGRAPH_PATH} (gateway default port ${GATEWAY_PORT})`);
    } finally {
      await stack.stop();
    }
  } finally {
    await redis.stop();
    await pg.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
