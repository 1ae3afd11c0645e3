import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner } from '@kezek/auth';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { Stack, StackOptions, startStack } from '../dev/stack';

export interface TestStack {
  stack: Stack;
  /** The gateway's /graphql. */
  url: string;
  databaseUrl: string;
  /** The header of the gateway's credential to `subgraph`, for a test that calls it directly. */
  asGateway(subgraph: string): Promise<Record<string, string>>;
  /** The stand's time (its manual clock, which advanceClock moves), as the gateway reads it. */
  now(): Promise<Date>;
  stop(): Promise<void>;
}

/**
 * The whole graph for an e2e suite: its own database (the template with the demo data), the run's
 * Redis under a prefix of its own, every subgraph in its own process and the gateway.
 */
export async function startTestStack(
  options: Pick<StackOptions, 'workers' | 'onLine'> &
    Partial<Pick<StackOptions, 'trust' | 'civilRegistryUrl' | 'env' | 'queuePrefix' | 'messaging'>>,
): Promise<TestStack> {
  const db = await createTestDatabase({ demo: true });
  try {
    const stack = await startStack({
      databaseUrl: db.url,
      redisUrl: testRedisUrl(),
      jwtPublicKeyPem: process.env.AUTH_JWT_PUBLIC_KEY!,
      jwtPrivateKeyPem: process.env.AUTH_JWT_PRIVATE_KEY!,
      ports: 'free',
      gateway: true,
      queuePrefix: testQueuePrefix(),
      ...options,
      // Every test calls from 127.0.0.1: anonymous limits that fit a suite's sign-ins; a suite of
      // the limits themselves sets its own.
      env: {
        NODE_ENV: 'test',
        // Every request's own line too (debug): the suites check that none carries a secret.
        LOG_LEVEL: 'debug',
        // One clock for the stand, which a test moves with advanceClock instead of sleeping.
        CLOCK: 'manual',
        RATE_LIMIT_ANONYMOUS_PER_CLIENT: '200',
        RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT: '200',
        RATE_LIMIT_ANONYMOUS_PER_PORTAL: '1000',
        ...options.env,
      },
    });
    const now = async () => {
      const clock = await fetch(new URL('/health/clock', stack.gatewayUrl!));
      return new Date(((await clock.json()) as { now: string }).now);
    };
    return {
      stack,
      url: stack.gatewayUrl!,
      databaseUrl: db.url,
      // At the stand's time: a credential signed at the host's would look stale after a move.
      asGateway: async (subgraph) => ({
        [GATEWAY_CREDENTIAL_HEADER]: await new GatewayCredentialSigner(stack.gatewaySecret).sign(subgraph, await now()),
      }),
      now,
      stop: async () => {
        await stack.stop();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}
