import { GATEWAY_PORT, SERVICES } from './services';
import { RunningProcess, spawnProcess } from './processes';
import { freePort } from './stores';

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  jwtPublicKeyPem: string;
  jwtPrivateKeyPem: string;
  /** `default` uses 4000..4004 and 4101..4104; `free` picks free ports (tests). */
  ports: 'default' | 'free';
  workers: boolean;
  gateway: boolean;
  queuePrefix?: string;
  env?: NodeJS.ProcessEnv;
  onLine: (name: string, line: string) => void;
}

export interface Stack {
  gatewayUrl?: string;
  subgraphs: Array<{ name: string; url: string }>;
  processes: RunningProcess[];
  stop(): Promise<void>;
}

/** Starts every subgraph (and optionally the workers and the gateway), each in its own process. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const port = async (preferred: number) => (o.ports === 'default' ? preferred : freePort());
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    AUTH_JWT_PUBLIC_KEY: o.jwtPublicKeyPem,
    QUEUE_PREFIX: o.queuePrefix ?? 'kezek',
    HOST: '127.0.0.1',
    ...o.env,
  };
  const processes: RunningProcess[] = [];
  const stop = async () => {
    // The gateway first, then the workers, then the subgraphs: the reverse of the start.
    for (const p of [...processes].reverse()) await p.stop();
  };
  try {
    const apis = await Promise.all(
      SERVICES.map(async (s) =>
        spawnProcess({
          name: s.name,
          script: `services/${s.name}/src/main.ts`,
          port: await port(s.port),
          env: { ...env, ...(s.name === 'identity' ? { AUTH_JWT_PRIVATE_KEY: o.jwtPrivateKeyPem } : {}) },
          healthPath: '/health/ready',
          onLine: o.onLine,
        }),
      ),
    );
    processes.push(...apis);
    if (o.workers) {
      processes.push(
        ...(await Promise.all(
          SERVICES.map(async (s) =>
            spawnProcess({ name: `${s.name}-worker`, script: `services/${s.name}/src/worker.ts`, port: await port(s.port + 100), env, healthPath: '/health/ready', onLine: o.onLine }),
          ),
        )),
      );
    }
    const subgraphs = SERVICES.map((s, i) => ({ name: s.name, url: `${apis[i].url}/graphql` }));
    let gatewayUrl: string | undefined;
    if (o.gateway) {
      const subgraphEnv = Object.fromEntries(subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, s.url]));
      const gw = await spawnProcess({ name: 'gateway', script: 'gateway/src/main.ts', port: await port(GATEWAY_PORT), env: { ...env, ...subgraphEnv }, healthPath: '/health', onLine: o.onLine });
      processes.push(gw);
      gatewayUrl = `${gw.url}/graphql`;
    }
    return { gatewayUrl, subgraphs, processes, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
