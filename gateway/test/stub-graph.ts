import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TEST_GATEWAY_SECRET, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { loadGatewayConfig } from '../src/config';
import { RunningGateway, startGateway } from '../src/gateway';

/**
 * A gateway whose every subgraph is `stub` (a plain HTTP server the test answers with), on the
 * run's Redis and keys; `env` adds or overrides configuration. `stub` is started here.
 */
export async function gatewayInFrontOf(stub: Server, env: Record<string, string> = {}): Promise<RunningGateway> {
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
  const all = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AUTH_JWT_PUBLIC_KEY: process.env.AUTH_JWT_PUBLIC_KEY,
    REDIS_URL: testRedisUrl(),
    RATE_LIMIT_PREFIX: `${testQueuePrefix()}:rate-limit`,
    GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    ...Object.fromEntries(['IDENTITY', 'QUEUE', 'VACANCIES', 'NOTIFICATIONS'].map((n) => [`SUBGRAPH_${n}_URL`, url])),
    ...env,
  };
  return startGateway(loadGatewayConfig(all), all);
}
