import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDevCivilRegistry } from '@kezek/dev-civil-registry';
import { startDevMailCatcher, startDevSmsProvider } from '@kezek/dev-messaging';
import { DevPki, openTemporaryDevPki, PKI_PATHS, startDevPkiServer } from '@kezek/dev-pki';
import { GATEWAY_PORT, SERVICES } from './services';
import { ROOT, RunningProcess, SpawnOptions, spawnProcess } from './processes';
import { freePort } from './stores';

/**
 * identity's trust in the dev PKI: its CA as the only anchor, its OCSP responder first and its
 * CRLs as the fallback, IIN checksums enforced (dev IINs are valid, unlike NCA's public test ones).
 */
export function devTrustEnv(pki: DevPki, pkiUrl: string): NodeJS.ProcessEnv {
  return {
    EDS_TRUST: 'test',
    EDS_ANCHORS: pki.authorityFiles.root,
    EDS_INTERMEDIATES: pki.authorityFiles.issuing,
    EDS_OCSP_URL: `${pkiUrl}${PKI_PATHS.ocsp}`,
    EDS_CRL_URLS: `${pkiUrl}${PKI_PATHS.crl},${pkiUrl}${PKI_PATHS.deltaCrl}`,
    EDS_ENFORCE_IIN_CHECKSUM: 'true',
  };
}

/** A throw-away dev PKI served on a free port, for a stack whose caller brings no trust of its own. */
async function temporaryTrust(): Promise<{ env: NodeJS.ProcessEnv; close(): Promise<void> }> {
  const { pki, remove } = await openTemporaryDevPki(new Date());
  const server = await startDevPkiServer({ pki, port: 0 });
  return {
    env: devTrustEnv(pki, server.url),
    close: async () => {
      await server.close();
      remove();
    },
  };
}

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  jwtPublicKeyPem: string;
  jwtPrivateKeyPem: string;
  /** `default` uses 4000..4004 for the gateway and APIs, an API's port + 100 for its worker; `free` picks free ports (tests). */
  ports: 'default' | 'free';
  /** Whether to start the worker of every service that has one (`src/worker.ts`). */
  workers: boolean;
  gateway: boolean;
  queuePrefix?: string;
  /** identity's EDS_* variables (devTrustEnv); without them the stack serves a temporary dev PKI. */
  trust?: NodeJS.ProcessEnv;
  /** queue's CIVIL_REGISTRY_URL; without it the stack serves the dev civil registry (demo birth records) on a free port. */
  civilRegistryUrl?: string;
  /**
   * Where the notifications worker sends (SMTP_URL, SMS_PROVIDER_URL, MAIL_RECONCILE_URL); without
   * them the stack serves an in-process mail catcher and the dev SMS provider on free ports.
   */
  messaging?: NodeJS.ProcessEnv;
  env?: NodeJS.ProcessEnv;
  /** Each process writes every log line to `<logDir>/<name>.log`; its output (onLine) keeps warnings and errors. */
  logDir?: string;
  onLine: (name: string, line: string) => void;
}

export interface Stack {
  /** kill -9 one process by name (e.g. `queue-worker`), for a test of what survives it. */
  kill(name: string): Promise<void>;
  /** Starts a killed process again with the options it first had. */
  restart(name: string): Promise<void>;
  gatewayUrl?: string;
  /** GATEWAY_SECRET of this stack: subgraphs answer only requests with the gateway's credential. */
  gatewaySecret: string;
  subgraphs: Array<{ name: string; url: string }>;
  processes: RunningProcess[];
  stop(): Promise<void>;
}

/** Starts processes side by side; when one fails, those that did start are still kept for stop(). */
async function startAll(spawns: Array<Promise<RunningProcess>>, into: RunningProcess[]): Promise<RunningProcess[]> {
  const results = await Promise.allSettled(spawns);
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  into.push(...started);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return started;
}

const workerScript = (service: string) => `services/${service}/src/worker.ts`;

/** Starts every subgraph (and optionally the workers and the gateway), each in its own process. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const port = async (preferred: number) => (o.ports === 'default' ? preferred : freePort());
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    AUTH_JWT_PUBLIC_KEY: o.jwtPublicKeyPem,
    QUEUE_PREFIX: o.queuePrefix ?? 'kezek',
    // Shared by the services' internal APIs: a random one per stack.
    INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
    // Shared by the gateway and the subgraphs: a random one per stack.
    GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    HOST: '127.0.0.1',
    ...o.env,
  };
  const processes: RunningProcess[] = [];
  const spawned = new Map<string, SpawnOptions>();
  const start = (options: SpawnOptions) => {
    const logged = o.logDir
      ? { ...options, env: { ...options.env, LOG_FILE: join(o.logDir, `${options.name}.log`) } }
      : options;
    spawned.set(options.name, logged);
    return spawnProcess(logged);
  };
  const named = (name: string) => {
    const i = processes.findIndex((p) => p.name === name);
    if (i < 0) throw new Error(`no process ${name} in the stack`);
    return i;
  };
  const kill = async (name: string) => {
    const { child } = processes[named(name)];
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((exited) => {
      child.once('exit', () => exited());
      child.kill('SIGKILL');
    });
  };
  const restart = async (name: string) => {
    const i = named(name);
    processes[i] = await spawnProcess(spawned.get(name)!);
  };
  const closers: Array<() => Promise<void>> = [];
  const stop = async () => {
    // The gateway first, then the workers, then the subgraphs: the reverse of the start.
    for (const p of [...processes].reverse()) await p.stop();
    for (const close of closers) await close();
  };
  try {
    let trust = o.trust;
    if (!trust) {
      const temporary = await temporaryTrust();
      closers.push(temporary.close);
      trust = temporary.env;
    }
    let civilRegistryUrl = o.civilRegistryUrl;
    if (!civilRegistryUrl) {
      const registry = await startDevCivilRegistry({ port: 0 });
      closers.push(registry.close);
      civilRegistryUrl = registry.url;
    }
    let messaging = o.messaging;
    if (!messaging && o.workers) {
      const [mail, sms] = await Promise.all([startDevMailCatcher(), startDevSmsProvider({ port: 0 })]);
      closers.push(mail.close, sms.close);
      messaging = { SMTP_URL: mail.smtpUrl, MAIL_RECONCILE_URL: mail.apiUrl, SMS_PROVIDER_URL: sms.url };
    }
    const ports = await Promise.all(SERVICES.map((s) => port(s.port)));
    const apiUrl = (name: string) => `http://127.0.0.1:${ports[SERVICES.findIndex((s) => s.name === name)]}`;
    // The gateway's port is known before anything starts: queue's document links lead to it.
    const gatewayPort = await port(GATEWAY_PORT);
    // Internal API URLs are known before the APIs start side by side: the callers ask them per
    // request, never at boot (identity asks vacancies' registry only when it grants staff roles).
    const own: Record<string, NodeJS.ProcessEnv> = {
      identity: { AUTH_JWT_PRIVATE_KEY: o.jwtPrivateKeyPem, VACANCIES_INTERNAL_URL: apiUrl('vacancies'), ...trust },
      queue: {
        IDENTITY_INTERNAL_URL: apiUrl('identity'),
        VACANCIES_INTERNAL_URL: apiUrl('vacancies'),
        CIVIL_REGISTRY_URL: civilRegistryUrl,
        // queue alone signs and checks its document links: a random secret per stack.
        DOCUMENTS_LINK_SECRET: randomBytes(32).toString('base64url'),
        DOCUMENTS_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
      },
      // The worker asks the facts of a notice from queue, identity (contacts) and vacancies (kindergartens).
      notifications: {
        QUEUE_INTERNAL_URL: apiUrl('queue'),
        IDENTITY_INTERNAL_URL: apiUrl('identity'),
        VACANCIES_INTERNAL_URL: apiUrl('vacancies'),
        ...messaging,
      },
    };
    const apis = await startAll(
      SERVICES.map((s, i) =>
        start({
          name: s.name,
          script: `services/${s.name}/src/main.ts`,
          port: ports[i],
          env: { ...env, ...own[s.name] },
          healthPath: '/health/ready',
          onLine: o.onLine,
        }),
      ),
      processes,
    );
    if (o.workers) {
      await startAll(
        // A service has a worker once it has a BullMQ processor; the others have no src/worker.ts.
        SERVICES.filter((s) => existsSync(join(ROOT, workerScript(s.name)))).map(async (s) =>
          start({
            name: `${s.name}-worker`,
            script: workerScript(s.name),
            port: await port(s.port + 100),
            // A worker calls what its API calls (queue's worker: vacancies' claims).
            env: { ...env, ...own[s.name] },
            healthPath: '/health/ready',
            onLine: o.onLine,
          }),
        ),
        processes,
      );
    }
    const subgraphs = SERVICES.map((s, i) => ({ name: s.name, url: `${apis[i].url}/graphql` }));
    let gatewayUrl: string | undefined;
    if (o.gateway) {
      const subgraphEnv = Object.fromEntries(subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, s.url]));
      const gw = await start({
        name: 'gateway',
        script: 'gateway/src/main.ts',
        port: gatewayPort,
        // Its rate limiter's keys beside the stack's job lists, so stacks sharing a Redis never share counts.
        env: { RATE_LIMIT_PREFIX: `${env.QUEUE_PREFIX}:rate-limit`, ...env, ...subgraphEnv },
        healthPath: '/health',
        onLine: o.onLine,
      });
      processes.push(gw);
      gatewayUrl = `${gw.url}/graphql`;
    }
    return { gatewayUrl, gatewaySecret: env.GATEWAY_SECRET!, subgraphs, processes, stop, kill, restart };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

/**
 * CPU seconds of every PostgreSQL server process on this machine, with what its ended backends used
 * (a postmaster's children time): the database's share of a bench, when nothing else uses that
 * server meanwhile; null where /proc does not show them.
 */
export function postgresCpuSeconds(): number | null {
  let total = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const parent = readFileSync(`/proc/${fields[1]}/comm`, 'utf8').trim();
      // utime + stime; the postmaster's cutime + cstime hold its backends that ended (USER_HZ).
      const own = Number(fields[11]) + Number(fields[12]);
      total += (parent === 'postgres' ? own : own + Number(fields[13]) + Number(fields[14])) / 100;
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : null;
}

/** The same for each process of the stack that still runs. */
export function cpuSeconds(stack: Stack): Map<string, number> {
  return new Map(
    stack.processes.flatMap((p) => {
      try {
        return [[p.name, processCpuSeconds(p.child.pid!)] as [string, number]];
      } catch {
        return [];
      }
    }),
  );
}
