import Redis from 'ioredis';
import { Clock, SharedManualClock, SystemClock } from '@kezek/clock';
import { GatewayConfig } from './config';

/**
 * The gateway's clock: the system's, or the stand's shared manual clock (CLOCK=manual), which it
 * follows like every service so that tokens and subgraph credentials are checked and signed at the
 * graph's time. The gateway has no deadline of its own: it registers no listener.
 */
export async function gatewayClock(config: GatewayConfig): Promise<{ clock: Clock; close(): Promise<void> }> {
  if (config.CLOCK !== 'manual') return { clock: new SystemClock(), close: async () => undefined };
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, connectionName: 'kezek-gateway' });
  const clock = await SharedManualClock.start({
    redis,
    prefix: config.QUEUE_PREFIX,
    process: 'gateway',
    start: config.CLOCK_START,
  });
  return {
    clock,
    close: async () => {
      await clock.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
