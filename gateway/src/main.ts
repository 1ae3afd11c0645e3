import '@kezek/tracing/register';
import { ConfigError } from '@kezek/config';
import { gatewayClock } from './clock';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

// The gateway process: static supergraph, auth and portal checks, limits, playground, health.
async function main() {
  const config = loadGatewayConfig();
  const clock = await gatewayClock(config);
  const gateway = await startGateway(config, process.env, clock.clock);
  const stop = () =>
    void gateway
      .stop()
      .then(clock.close)
      .then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Started by `npm start` or a test: stop when that parent goes away, even if it crashed.
  if (process.connected) process.once('disconnect', stop);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : (e as Error).stack}\n`);
  process.exit(e instanceof ConfigError ? 78 : 1);
});
