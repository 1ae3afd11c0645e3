import { INestApplication, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import {
  AccessTokenSigner,
  GATEWAY_CREDENTIAL_HEADER,
  GatewayCredentialSigner,
  gatewayCredentialEnv,
  Principal,
  Role,
} from '@kezek/auth';
import { Clock } from '@kezek/clock';
import {
  configureApp,
  loadServiceConfig,
  SERVICE_CONFIG,
  ServiceConfig,
  ServiceIdentity,
} from '@kezek/service-runtime';
import { testQueuePrefix, testRedisUrl } from './stores';

/** GATEWAY_SECRET of the services a test starts in-process (`testConfig`). */
export const TEST_GATEWAY_SECRET = 'kezek-test-gateway-secret-0123456789abcdef';

/**
 * The subgraphs started with `startApp`, by base URL: `gql` stands in for the gateway when it calls
 * one of them and presents the gateway's credential for it (unless the call sets the header itself).
 */
const startedSubgraphs = new Map<string, { name: string; signer: GatewayCredentialSigner; clock: Clock }>();

/** Configuration of an in-process service under test: the test's database, Redis and keys. */
export function testConfig(service: ServiceIdentity, databaseUrl: string, extra: NodeJS.ProcessEnv = {}) {
  return loadServiceConfig(service, gatewayCredentialEnv, {
    GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    AUTH_JWT_PUBLIC_KEY: process.env.AUTH_JWT_PUBLIC_KEY,
    QUEUE_PREFIX: testQueuePrefix(),
    LOG_LEVEL: 'warn',
    ...extra,
  });
}

/** Starts a Nest module on a free port and returns its base URL. */
export async function startApp(
  module: DynamicModule,
): Promise<{ app: INestApplication; url: string; close(): Promise<void> }> {
  const app = configureApp(await NestFactory.create<NestExpressApplication>(module, { logger: ['error'] }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const config = app.get<ServiceConfig & { GATEWAY_SECRET?: string }>(SERVICE_CONFIG);
  if (config.service.role === 'api' && config.GATEWAY_SECRET) {
    startedSubgraphs.set(url, {
      name: config.service.name,
      signer: new GatewayCredentialSigner(config.GATEWAY_SECRET),
      clock: app.get(Clock),
    });
  }
  return {
    app,
    url,
    close: async () => {
      startedSubgraphs.delete(url);
      await app.close();
    },
  };
}

/** The gateway's credential for a subgraph this test started (at the subgraph's clock), when `url` is one of its paths. */
async function gatewayCredential(url: string): Promise<Record<string, string>> {
  const started = startedSubgraphs.get(new URL(url).origin);
  if (!started) return {};
  return { [GATEWAY_CREDENTIAL_HEADER]: await started.signer.sign(started.name, started.clock.now()) };
}

/** An access token for a test principal, signed with the run's key (as identity would). */
export async function tokenFor(
  p: { userId: string; iin?: string; roles?: Role[]; scopes?: Principal['scopes'] },
  clock?: Clock,
): Promise<string> {
  const signer = new AccessTokenSigner(process.env.AUTH_JWT_PRIVATE_KEY!);
  const { token } = await signer.sign(
    { userId: p.userId, iin: p.iin ?? '900101300017', roles: p.roles ?? [Role.APPLICANT], scopes: p.scopes },
    clock?.now() ?? new Date(),
  );
  return token;
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; messages?: Record<string, string>; [k: string]: unknown };
  }>;
}

/** POSTs a GraphQL operation. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-kezek-portal': 'astana',
      ...(await gatewayCredential(url)),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResult<T>, 'status'>;
  return { status: res.status, ...body };
}
