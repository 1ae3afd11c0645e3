import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { serviceEnv } from '@kezek/config';
import { isObject, kustomize, Manifest, readKustomization, readYamlDocuments } from './kustomize';

// The deployment files (Dockerfile, docker-compose.yml, infra/k8s) must run every process the
// repository has, each with the environment its configuration validates. Neither Docker nor a
// cluster is needed: the files are read, and the Kubernetes ones rendered by ./kustomize.

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'infra', 'k8s');

/** The folders under services/: a new one fails here until both deployments run it. */
const SERVICES = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

type Role = 'api' | 'worker';
const entry = (service: string, role: Role) => `services/${service}/src/${role === 'api' ? 'main' : 'worker'}.ts`;
/**
 * The services with a worker process: a service gets src/worker.ts with its first BullMQ
 * processor. Each of them must have its worker in both deployments, and no other service one.
 */
const WORKERS = SERVICES.filter((s) => existsSync(join(ROOT, entry(s, 'worker'))));
const rolesOf = (service: string, workers: string[]): Role[] =>
  workers.includes(service) ? ['api', 'worker'] : ['api'];
/** The service whose worker an entry point is, if it is one. */
const workerServiceOf = (file: string | undefined) => /^services\/([^/]+)\/src\/worker\.ts$/.exec(file ?? '')?.[1];
const GATEWAY = 'gateway/src/main.ts';
const MIGRATE = 'infra/migrate/migrate.ts';
const HEALTH = { live: '/health/live', ready: '/health/ready', gateway: '/health' };

/**
 * What every API and worker reads: libs/config's serviceEnv, and PORTALS and PORTAL_POLICIES
 * (libs/portals). LOG_FILE is npm start's (a file per process); containers log to standard output.
 */
const PROCESS_ENV = [...Object.keys(serviceEnv).filter((v) => v !== 'LOG_FILE'), 'PORTALS', 'PORTAL_POLICIES'];
/** identity's ЭЦП trust (services/identity/src/config.ts). */
const EDS_ENV = [
  'EDS_TRUST',
  'EDS_ANCHORS',
  'EDS_INTERMEDIATES',
  'EDS_ANCHOR_SHA256',
  'EDS_OCSP_URL',
  'EDS_CRL_URLS',
  'EDS_ENFORCE_IIN_CHECKSUM',
];
/** What each process validates beyond PROCESS_ENV (its `env` in defineApi/defineWorker). */
const EXTRA_ENV: Record<string, Partial<Record<Role, string[]>>> = {
  identity: { api: ['AUTH_JWT_PRIVATE_KEY', 'INTERNAL_API_SECRET', 'VACANCIES_INTERNAL_URL', ...EDS_ENV] },
  queue: {
    api: [
      'INTERNAL_API_SECRET',
      'IDENTITY_INTERNAL_URL',
      'VACANCIES_INTERNAL_URL',
      'CIVIL_REGISTRY_URL',
      'DOCUMENTS_LINK_SECRET',
      'DOCUMENTS_PUBLIC_URL',
    ],
  },
  vacancies: { api: ['INTERNAL_API_SECRET'] },
  notifications: {
    worker: [
      'INTERNAL_API_SECRET',
      'QUEUE_INTERNAL_URL',
      'IDENTITY_INTERNAL_URL',
      'VACANCIES_INTERNAL_URL',
      'SMTP_URL',
      'SMS_PROVIDER_URL',
    ],
  },
};
/** What every API validates beyond PROCESS_ENV (libs/subgraph's defineApi): its /graphql answers only the gateway. */
const API_ENV = ['GATEWAY_SECRET'];
/** Base URLs of a service's internal API (no path: the client appends it), by the service called. */
const INTERNAL_URLS: Record<string, string> = {
  IDENTITY_INTERNAL_URL: 'identity',
  VACANCIES_INTERNAL_URL: 'vacancies',
  QUEUE_INTERNAL_URL: 'queue',
};
const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);
/** Problems of an internal API base URL that must reach `host`:`port`. */
const internalUrlProblems = (where: string, variable: string, url: string, host: string, port: string | number) => {
  const u = URL.canParse(url) ? new URL(url) : undefined;
  if (!u) return [`${where}: ${variable}=${url} is not a URL`];
  return u.hostname.split('.')[0] !== host || u.port !== String(port) || u.pathname !== '/' || url.endsWith('/')
    ? [
        `${where}: ${variable}=${url}, but ${possessive(INTERNAL_URLS[variable])} API is http://${host}:${port} (no path)`,
      ]
    : [];
};
const subgraphVariable = (service: string) => `SUBGRAPH_${service.toUpperCase()}_URL`;
const gatewayEnv = (services: string[]) => [
  'PORT',
  'AUTH_JWT_PUBLIC_KEY',
  'PORTALS',
  'PORTAL_POLICIES',
  'LOG_LEVEL',
  'REDIS_URL',
  'GATEWAY_SECRET',
  ...services.map(subgraphVariable),
];
const requiredEnv = (service: string, role: Role) => [
  ...PROCESS_ENV,
  ...(role === 'api' ? API_ENV : []),
  ...(EXTRA_ENV[service]?.[role] ?? []),
];
/** Only identity's API signs tokens; no other process may hold the key. */
const PRIVATE_KEY = 'AUTH_JWT_PRIVATE_KEY';

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  ports?: Array<string | { target: number; published?: string | number }>;
  restart?: string;
}
interface Compose {
  services: Record<string, ComposeService>;
}

/** Compose's interpolation as far as the checks need it: `${X:-default}` is its default. */
const interpolate = (v: string) =>
  v
    .replace(/\$\{[A-Z0-9_]+:?-([^}]*)\}/g, '$1')
    .replace(/\$\{[^}]*\}/g, 'x')
    .replace(/\$\$/g, '$');
const commandOf = (s: ComposeService) => (typeof s.command === 'string' ? s.command.split(/\s+/) : (s.command ?? []));
const envOf = (s: ComposeService): Record<string, string> =>
  Array.isArray(s.environment)
    ? Object.fromEntries(s.environment.map((l) => [l.split('=')[0], interpolate(l.slice(l.indexOf('=') + 1))]))
    : Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]));
const dependsOn = (s: ComposeService): Record<string, string> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, 'service_started']))
    : Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([k, v]) => [k, v?.condition ?? 'service_started']));
/** Hosts of the stores a process connects to. */
const storeHosts = (env: Record<string, string>) =>
  ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'REDIS_URL', 'SMTP_URL']
    .flatMap((k) => (env[k] ? env[k].split(',') : []))
    .map((u) => new URL(u.trim()).hostname);

function checkCompose(
  compose: Compose,
  services: string[],
  workers: string[],
  dockerfileHealthcheck: boolean,
): string[] {
  const problems: string[] = [];
  const running = (file: string): [string, ComposeService] | undefined => {
    const found = Object.entries(compose.services).filter(([, s]) => commandOf(s)[0] === file);
    if (found.length !== 1) problems.push(`compose: ${found.length} services run ${file}, expected 1`);
    return found.length === 1 ? found[0] : undefined;
  };
  const healthy = (name: string) => {
    const s = compose.services[name];
    return !!s && !s.healthcheck?.disable && (!!s.healthcheck?.test || (!!s.build && dockerfileHealthcheck));
  };
  const waitsFor = (where: string, s: ComposeService, host: string, condition = 'service_healthy') => {
    if (!compose.services[host]) problems.push(`${where}: connects to ${host}, which is no compose service`);
    else if (dependsOn(s)[host] !== condition) problems.push(`${where}: does not wait for ${host} (${condition})`);
    else if (condition === 'service_healthy' && !healthy(host))
      problems.push(`${where}: waits for ${host} to be healthy, which has no health check`);
  };

  const migrate = running(MIGRATE);
  if (migrate) {
    const [name, s] = migrate;
    if (!envOf(s).DATABASE_URL) problems.push(`compose ${name}: DATABASE_URL is not set`);
    else waitsFor(`compose ${name}`, s, new URL(envOf(s).DATABASE_URL).hostname);
    if (s.restart !== 'no') problems.push(`compose ${name}: a one-shot must not restart (restart: "no")`);
  }
  const apis: Record<string, { host: string; port: string }> = {};
  for (const service of services) {
    for (const role of rolesOf(service, workers)) {
      const found = running(entry(service, role));
      if (!found) continue;
      const [name, s] = found;
      const where = `compose ${name}`;
      const env = envOf(s);
      for (const v of requiredEnv(service, role)) if (!(v in env)) problems.push(`${where}: ${v} is not set`);
      if (env.HEALTH_PATH !== HEALTH.ready)
        problems.push(`${where}: its health check asks ${env.HEALTH_PATH}, not ${HEALTH.ready}`);
      if (!healthy(name)) problems.push(`${where}: has no health check`);
      if (migrate) waitsFor(where, s, migrate[0], 'service_completed_successfully');
      for (const host of storeHosts(env)) waitsFor(where, s, host);
      const replicas = (env.DATABASE_REPLICA_URLS ?? '').split(',').filter(Boolean);
      for (const r of replicas.map((u) => new URL(u).hostname)) {
        if (r === new URL(env.DATABASE_URL).hostname)
          problems.push(`${where}: DATABASE_REPLICA_URLS points at the primary`);
        else if (
          !commandOf(compose.services[r] ?? {})
            .join(' ')
            .includes('pg_basebackup')
        )
          problems.push(`${where}: ${r} is no streaming replica (pg_basebackup)`);
      }
      if (role === 'api') apis[service] = { host: name, port: env.PORT };
    }
  }
  const gateway = running(GATEWAY);
  if (gateway) {
    const [name, s] = gateway;
    const where = `compose ${name}`;
    const env = envOf(s);
    for (const v of gatewayEnv(services)) if (!(v in env)) problems.push(`${where}: ${v} is not set`);
    if (env.HEALTH_PATH !== HEALTH.gateway)
      problems.push(`${where}: its health check asks ${env.HEALTH_PATH}, not ${HEALTH.gateway}`);
    if (
      !(s.ports ?? []).some((p) =>
        typeof p === 'string' ? interpolate(p).endsWith(`:${env.PORT}`) : String(p.target) === env.PORT,
      )
    ) {
      problems.push(`${where}: port ${env.PORT} is not published`);
    }
    for (const service of services) {
      const api = apis[service];
      const url = env[subgraphVariable(service)];
      if (!api || !url) continue;
      const u = new URL(url);
      if (u.hostname !== api.host || u.port !== api.port || u.pathname !== '/graphql') {
        problems.push(
          `${where}: ${subgraphVariable(service)}=${url}, but ${service}'s API is http://${api.host}:${api.port}/graphql`,
        );
      }
      waitsFor(where, s, api.host);
    }
  }
  // A container that does nothing is not deployed: a worker without processors, a store nothing uses.
  const connected = new Set(Object.values(compose.services).flatMap((s) => storeHosts(envOf(s))));
  for (const [name, s] of Object.entries(compose.services)) {
    const worker = workerServiceOf(commandOf(s)[0]);
    if (worker && !workers.includes(worker))
      problems.push(`compose ${name}: runs a worker for ${worker}, which has none (no ${entry(worker, 'worker')})`);
    if (!s.build && !connected.has(name)) problems.push(`compose ${name}: no process connects to it`);
    if (PRIVATE_KEY in envOf(s) && commandOf(s)[0] !== entry('identity', 'api'))
      problems.push(`compose ${name}: holds ${PRIVATE_KEY}`);
    for (const [variable, service] of Object.entries(INTERNAL_URLS)) {
      const url = envOf(s)[variable];
      if (url !== undefined && apis[service])
        problems.push(...internalUrlProblems(`compose ${name}`, variable, url, apis[service].host, apis[service].port));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// infra/k8s

interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
}

const templateOf = (m: Manifest) => (m.spec as { template: PodTemplate }).template;
const subset = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function checkKubernetes(all: Manifest[], services: string[], workers: string[]): string[] {
  const problems: string[] = [];
  const of = (kind: string) => all.filter((m) => m.kind === kind);
  const configMap = (name: string) =>
    of('ConfigMap').find((m) => m.metadata.name === name) as (Manifest & { data?: Record<string, string> }) | undefined;
  const workloads = all.filter((m) => m.kind === 'Deployment' || m.kind === 'Job');
  const running = (file: string, kind = 'Deployment') => {
    const found = workloads.filter(
      (m) => m.kind === kind && templateOf(m).spec.containers.some((c) => c.args?.[0] === file),
    );
    if (found.length !== 1) problems.push(`k8s: ${found.length} ${kind}s run ${file}, expected 1`);
    return found.length === 1 ? found[0] : undefined;
  };
  const containerOf = (m: Manifest, file: string) => templateOf(m).spec.containers.find((c) => c.args?.[0] === file)!;

  /** Names and (where known) values of a container's environment; Secret values are unknown. */
  const environment = (where: string, c: Container) => {
    const env = new Map<string, string | undefined>();
    for (const f of c.envFrom ?? []) {
      if (f.secretRef)
        problems.push(`${where}: envFrom a Secret hides what the pod gets; name the keys (secretKeyRef)`);
      if (!f.configMapRef) continue;
      const cm = configMap(f.configMapRef.name);
      if (!cm) problems.push(`${where}: ConfigMap ${f.configMapRef.name} does not exist`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, v);
    }
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref && configMap(ref.name)?.data?.[ref.key] === undefined)
        problems.push(`${where}: ${e.name} reads ${ref.name}/${ref.key}, which does not exist`);
      env.set(e.name, e.value ?? (ref ? configMap(ref.name)?.data?.[ref.key] : undefined));
    }
    return env;
  };
  /** The container port a probe or Service port names. */
  const portOf = (c: Container, port: string | number | undefined) =>
    typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
  const checkProbes = (
    where: string,
    c: Container,
    live: string,
    ready: string,
    env: Map<string, string | undefined>,
  ) => {
    for (const [kind, path] of [
      ['livenessProbe', live],
      ['readinessProbe', ready],
    ] as const) {
      const probe = c[kind];
      if (!probe) problems.push(`${where}: no ${kind}`);
      else if (probe.httpGet && probe.httpGet.path !== path)
        problems.push(`${where}: ${kind} asks ${probe.httpGet.path}, not ${path}`);
      else if (!probe.httpGet && kind === 'readinessProbe')
        problems.push(`${where}: ${kind} is not an HTTP check of ${path}`);
      const port = portOf(c, probe?.httpGet?.port ?? probe?.tcpSocket?.port);
      if (probe && String(port) !== env.get('PORT'))
        problems.push(`${where}: ${kind} goes to port ${port}, but PORT is ${env.get('PORT')}`);
    }
  };
  const selecting = (kind: string, m: Manifest, selector: (x: Manifest) => Record<string, string> | undefined) =>
    of(kind).filter((x) => subset(selector(x), templateOf(m).metadata?.labels));
  const pdbSelector = (x: Manifest) =>
    (x.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
  const requirePdb = (where: string, m: Manifest) => {
    if (!selecting('PodDisruptionBudget', m, pdbSelector).some((p) => p.apiVersion === 'policy/v1'))
      problems.push(`${where}: no PodDisruptionBudget`);
  };
  const requireHpa = (where: string, m: Manifest) => {
    const hpas = of('HorizontalPodAutoscaler').filter((h) => {
      const spec = h.spec as {
        scaleTargetRef: { kind: string; name: string };
        metrics?: Array<{ resource?: { name: string } }>;
      };
      return (
        h.apiVersion === 'autoscaling/v2' &&
        spec.scaleTargetRef.kind === 'Deployment' &&
        spec.scaleTargetRef.name === m.metadata.name &&
        spec.metrics?.some((x) => x.resource?.name === 'cpu')
      );
    });
    if (hpas.length !== 1)
      problems.push(`${where}: ${hpas.length} CPU HorizontalPodAutoscalers (autoscaling/v2), expected 1`);
  };
  /** The Service in front of a Deployment's container: its name and port. */
  const serviceOf = (where: string, m: Manifest, c: Container) => {
    const found = selecting('Service', m, (s) => (s.spec as { selector?: Record<string, string> }).selector);
    if (found.length !== 1) problems.push(`${where}: ${found.length} Services select its pods, expected 1`);
    const ports =
      (found[0]?.spec as { ports?: Array<{ port: number; targetPort: string | number }> } | undefined)?.ports ?? [];
    const port = ports.find((p) => portOf(c, p.targetPort) !== undefined);
    if (found.length === 1 && !port)
      problems.push(`${where}: Service ${found[0].metadata.name} targets no port of the container`);
    return found.length === 1 && port ? { name: found[0].metadata.name, port: port.port } : undefined;
  };
  const configMapsOf = (c: Container) =>
    (c.envFrom ?? []).flatMap((f) => (f.configMapRef ? [f.configMapRef.name] : []));

  const apis: Record<string, { deployment: Manifest; service?: { name: string; port: number } }> = {};
  const processEnvs: Array<[string, Map<string, string | undefined>]> = [];
  for (const service of services) {
    for (const role of rolesOf(service, workers)) {
      const file = entry(service, role);
      const m = running(file);
      if (!m) continue;
      const where = `k8s ${m.metadata.name}`;
      const c = containerOf(m, file);
      const env = environment(where, c);
      for (const v of requiredEnv(service, role)) if (!env.has(v)) problems.push(`${where}: ${v} is not set`);
      processEnvs.push([where, env]);
      checkProbes(where, c, HEALTH.live, HEALTH.ready, env);
      requirePdb(where, m);
      if (role === 'worker') continue;
      requireHpa(where, m);
      // The service's own ConfigMap: one no other service's process reads.
      const others = workloads.filter(
        (w) => w !== m && !templateOf(w).spec.containers.some((x) => x.args?.[0]?.startsWith(`services/${service}/`)),
      );
      const shared = new Set(others.flatMap((w) => templateOf(w).spec.containers.flatMap(configMapsOf)));
      if (!configMapsOf(c).some((n) => !shared.has(n))) problems.push(`${where}: no ConfigMap of its own`);
      apis[service] = { deployment: m, service: serviceOf(where, m, c) };
    }
  }

  const gateway = running(GATEWAY);
  if (gateway) {
    const where = `k8s ${gateway.metadata.name}`;
    const c = containerOf(gateway, GATEWAY);
    const env = environment(where, c);
    for (const v of gatewayEnv(services)) if (!env.has(v)) problems.push(`${where}: ${v} is not set`);
    checkProbes(where, c, HEALTH.gateway, HEALTH.gateway, env);
    requirePdb(where, gateway);
    requireHpa(where, gateway);
    serviceOf(where, gateway, c);
    if (configMapsOf(c).length === 0) problems.push(`${where}: no ConfigMap`);
    for (const service of services) {
      const url = env.get(subgraphVariable(service));
      const target = apis[service]?.service;
      if (!url || !target) continue;
      const u = new URL(url);
      if (u.hostname.split('.')[0] !== target.name || u.port !== String(target.port) || u.pathname !== '/graphql') {
        problems.push(
          `${where}: ${subgraphVariable(service)}=${url}, but ${service}'s API is Service ${target.name} port ${target.port}`,
        );
      }
    }
  }

  for (const [where, env] of processEnvs) {
    for (const [variable, service] of Object.entries(INTERNAL_URLS)) {
      const target = apis[service]?.service;
      if (env.has(variable) && target)
        problems.push(...internalUrlProblems(where, variable, env.get(variable) ?? '', target.name, target.port));
    }
  }

  const migrate = running(MIGRATE, 'Job');
  if (migrate && !environment(`k8s ${migrate.metadata.name}`, containerOf(migrate, MIGRATE)).has('DATABASE_URL'))
    problems.push(`k8s ${migrate.metadata.name}: DATABASE_URL is not set`);

  const images = new Set<string>();
  for (const m of workloads) {
    const pod = templateOf(m).spec;
    for (const c of pod.containers) {
      const where = `k8s ${m.kind} ${m.metadata.name}/${c.name}`;
      const worker = workerServiceOf(c.args?.[0]);
      if (worker && !workers.includes(worker))
        problems.push(`${where}: runs a worker for ${worker}, which has none (no ${entry(worker, 'worker')})`);
      images.add(c.image);
      if (!(c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot))
        problems.push(`${where}: may run as root (runAsNonRoot)`);
      if (c.securityContext?.allowPrivilegeEscalation !== false)
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!c.securityContext?.readOnlyRootFilesystem) problems.push(`${where}: root filesystem is writable`);
      else if (!c.volumeMounts?.some((v) => v.mountPath === '/tmp'))
        problems.push(`${where}: read-only without a /tmp volume (infra/register.js's transform cache)`);
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory']) if (!c.resources?.[kind]?.[r]) problems.push(`${where}: no ${r} ${kind}`);
      }
      if (c.env?.some((e) => e.name === PRIVATE_KEY) && c.args?.[0] !== entry('identity', 'api'))
        problems.push(`${where}: holds ${PRIVATE_KEY}`);
    }
  }
  if (images.size !== 1)
    problems.push(
      `k8s: containers run ${images.size} images (${[...images].join(', ')}), expected the one Kezek image`,
    );
  for (const s of of('Secret'))
    problems.push(`k8s: Secret ${s.metadata.name} is in the manifests; reference it, create it in the cluster`);
  return problems;
}

// ---------------------------------------------------------------------------------------------

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const loadCompose = () => parse(read('docker-compose.yml'), { merge: true }) as Compose;
/** The Dockerfile's instructions with continuation lines joined, and comments dropped. */
const dockerfile = () =>
  read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
const dockerfileHealthcheck = () =>
  dockerfile().some((l) => /^HEALTHCHECK .*fetch\(.*process\.env\.HEALTH_PATH/.test(l));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(f) ? [path] : [];
  });
}

describe('deployment', () => {
  it('knows the services and their workers from the repository', () => {
    expect(SERVICES).toEqual(expect.arrayContaining(['identity', 'queue', 'vacancies', 'notifications']));
    expect(WORKERS).toEqual(expect.arrayContaining(['vacancies']));
  });

  describe('Dockerfile', () => {
    const lines = dockerfile();
    const stages = lines.filter((l) => l.startsWith('FROM '));
    const last = lines.slice(lines.lastIndexOf(stages[stages.length - 1]));

    it('installs with npm ci and runs on node:20-bookworm-slim', () => {
      expect(lines).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
      expect(stages[stages.length - 1]).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/);
      expect(lines.some((l) => /^RUN .*npm ci\b/.test(l))).toBe(true);
    });

    it('runs as a numeric non-root user any entry point through infra/register.js', () => {
      const user = last.filter((l) => l.startsWith('USER ')).pop();
      expect(user).toMatch(/^USER [1-9]\d*(:\d+)?$/);
      expect(last.find((l) => l.startsWith('ENTRYPOINT '))).toContain('"./infra/register.js"');
    });

    it("checks health with node's fetch on HEALTH_PATH, not curl", () => {
      const check = last.find((l) => l.startsWith('HEALTHCHECK '));
      expect(check).toMatch(/fetch\(.*process\.env\.PORT.*process\.env\.HEALTH_PATH/);
      expect(check).not.toMatch(/curl|wget/);
      expect(dockerfileHealthcheck()).toBe(true);
    });
  });

  describe('docker-compose.yml', () => {
    it('runs every service, its worker if it has one, the gateway and the migrations with their environment and dependencies', () => {
      expect(checkCompose(loadCompose(), SERVICES, WORKERS, dockerfileHealthcheck())).toEqual([]);
    });

    it('runs PostgreSQL 17 with a streaming replica and Redis 7 without eviction, each used by a process', () => {
      const { services } = loadCompose();
      const postgres = Object.values(services).filter((s) => s.image?.startsWith('postgres:17'));
      expect(postgres).toHaveLength(2);
      expect(postgres.some((s) => commandOf(s).join(' ').includes('pg_basebackup'))).toBe(true);
      const redis = Object.values(services).find((s) => s.image?.startsWith('redis:7'));
      expect(commandOf(redis ?? {}).join(' ')).toMatch(/--maxmemory-policy noeviction/);
      // Nothing is deployed ahead of the code that uses it (an SMTP catcher comes with e-mail).
      const connected = new Set(Object.values(services).flatMap((s) => storeHosts(envOf(s))));
      const stores = Object.keys(services).filter((name) => !services[name].build);
      expect(stores.filter((name) => !connected.has(name))).toEqual([]);
    });

    it('documents every variable it reads in infra/deploy/.env.example', () => {
      const used = new Set([...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
      const documented = new Set([...read('infra/deploy/.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
      expect([...used].filter((v) => !documented.has(v))).toEqual([]);
    });

    it('fails for a service it does not run or a variable it does not set', () => {
      const compose = loadCompose();
      delete (compose.services.identity.environment as Record<string, unknown>).AUTH_JWT_PRIVATE_KEY;
      delete (compose.services.identity.environment as Record<string, unknown>).EDS_ANCHORS;
      (compose.services.queue.environment as Record<string, unknown>).AUTH_JWT_PRIVATE_KEY = 'x';
      delete (compose.services.vacancies.environment as Record<string, unknown>).INTERNAL_API_SECRET;
      (compose.services.queue.environment as Record<string, unknown>).IDENTITY_INTERNAL_URL = 'http://identity:4002';
      (compose.services.identity.environment as Record<string, unknown>).VACANCIES_INTERNAL_URL =
        'http://vacancies:4003/internal';
      delete compose.services.vacancies.depends_on;
      compose.services['identity-worker'] = {
        ...compose.services['vacancies-worker'],
        command: 'services/identity/src/worker.ts',
      };
      compose.services.memcached = { image: 'memcached:1.6' };
      const problems = checkCompose(compose, [...SERVICES, 'payments'], [...WORKERS, 'payments'], true);
      expect(problems).toEqual(
        expect.arrayContaining([
          'compose: 0 services run services/payments/src/main.ts, expected 1',
          'compose: 0 services run services/payments/src/worker.ts, expected 1',
          'compose identity-worker: runs a worker for identity, which has none (no services/identity/src/worker.ts)',
          'compose memcached: no process connects to it',
          'compose identity: AUTH_JWT_PRIVATE_KEY is not set',
          'compose identity: EDS_ANCHORS is not set',
          'compose queue: holds AUTH_JWT_PRIVATE_KEY',
          'compose vacancies: INTERNAL_API_SECRET is not set',
          "compose queue: IDENTITY_INTERNAL_URL=http://identity:4002, but identity's API is http://identity:4001 (no path)",
          "compose identity: VACANCIES_INTERNAL_URL=http://vacancies:4003/internal, but vacancies' API is http://vacancies:4003 (no path)",
          'compose vacancies: does not wait for migrate (service_completed_successfully)',
          'compose vacancies: does not wait for redis (service_healthy)',
        ]),
      );
    });
  });

  describe('infra/k8s', () => {
    const kustomizations = yamlFiles(K8S).filter((f) => basename(f) === 'kustomization.yaml');

    it('has kustomizations whose every entry exists and parses, and lists every manifest', () => {
      const listed = new Set<string>();
      const problems: string[] = [];
      for (const file of kustomizations) {
        const dir = dirname(file);
        const k = readKustomization(dir);
        const entries = [...(k.resources ?? []), ...(k.components ?? []), ...(k.patches ?? []).map((p) => p.path)];
        for (const e of entries) {
          const path = resolve(dir, e);
          const where = `${relative(ROOT, file)}: ${e}`;
          try {
            if (statSync(path).isDirectory()) {
              readKustomization(path);
              listed.add(join(path, 'kustomization.yaml'));
            } else if (readYamlDocuments(path).length === 0) problems.push(`${where} is empty`);
            else listed.add(path);
          } catch (err) {
            problems.push(`${where}: ${(err as Error).message}`);
          }
        }
      }
      // Overlays are what gets applied; everything else must be reachable from one.
      const roots = kustomizations.filter((f) => basename(dirname(dirname(f))) === 'overlays');
      for (const f of yamlFiles(K8S))
        if (!listed.has(f) && !roots.includes(f)) problems.push(`${relative(ROOT, f)} is listed by no kustomization`);
      expect(problems).toEqual([]);
    });

    it.each(['base', 'overlays/production'])(
      '%s runs every service, its worker if it has one, the gateway and the migrations',
      (dir) => {
        expect(checkKubernetes(kustomize(join(K8S, dir)), SERVICES, WORKERS)).toEqual([]);
      },
    );

    it('production runs a released image in its own namespace', () => {
      const all = kustomize(join(K8S, 'overlays/production'));
      expect(new Set(all.map((m) => m.metadata.namespace))).toEqual(new Set(['kezek']));
      const images = all
        .filter((m) => m.kind === 'Deployment')
        .flatMap((m) => templateOf(m).spec.containers.map((c) => c.image));
      for (const image of images) expect(image).toMatch(/:(?!latest$)[\w.-]+$/);
    });

    it('fails for a service it does not run or a probe at the wrong path', () => {
      const all = kustomize(join(K8S, 'base'));
      const queue = all.find((m) => m.kind === 'Deployment' && m.metadata.name === 'queue-api')!;
      templateOf(queue).spec.containers[0].readinessProbe = { httpGet: { path: '/health/live', port: 'http' } };
      const identity = all.find((m) => m.kind === 'Deployment' && m.metadata.name === 'identity-api')!;
      templateOf(identity).spec.containers[0].env = templateOf(identity).spec.containers[0].env!.filter(
        (e) => e.name !== 'INTERNAL_API_SECRET' && e.name !== 'VACANCIES_INTERNAL_URL',
      );
      const queueInternal = all.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === 'queue-internal-api',
      ) as Manifest & { data: Record<string, string> };
      queueInternal.data.IDENTITY_INTERNAL_URL = 'http://identity-api:4001/internal';
      const identityWorker = structuredClone(
        all.find((m) => m.kind === 'Deployment' && m.metadata.name === 'vacancies-worker')!,
      );
      identityWorker.metadata.name = 'identity-worker';
      templateOf(identityWorker).spec.containers[0].args = ['services/identity/src/worker.ts'];
      const problems = checkKubernetes(
        [...all, identityWorker].filter(
          (m) => !(m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === 'vacancies-api'),
        ),
        [...SERVICES, 'payments'],
        [...WORKERS, 'payments'],
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'k8s: 0 Deployments run services/payments/src/main.ts, expected 1',
          'k8s: 0 Deployments run services/payments/src/worker.ts, expected 1',
          'k8s Deployment identity-worker/app: runs a worker for identity, which has none (no services/identity/src/worker.ts)',
          'k8s queue-api: readinessProbe asks /health/live, not /health/ready',
          'k8s identity-api: INTERNAL_API_SECRET is not set',
          'k8s identity-api: VACANCIES_INTERNAL_URL is not set',
          "k8s queue-api: IDENTITY_INTERNAL_URL=http://identity-api:4001/internal, but identity's API is http://identity-api:4001 (no path)",
          'k8s vacancies-api: 0 CPU HorizontalPodAutoscalers (autoscaling/v2), expected 1',
        ]),
      );
    });

    // ./kustomize stands in for kubectl; where kubectl is installed, both must agree.
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
    (kubectl ? it.each : it.skip.each)(['base', 'overlays/production'])(
      '%s renders as `kubectl kustomize` does',
      (dir) => {
        const out = spawnSync('kubectl', ['kustomize', join(K8S, dir)], { encoding: 'utf8' });
        expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
        const theirs = parseAllDocuments(out.stdout).map((d) => d.toJS() as Manifest);
        // Generated ConfigMaps carry a content hash there and not here.
        const unhashed = new Map(
          theirs
            .filter((m) => m.kind === 'ConfigMap')
            .map((m) => [m.metadata.name, m.metadata.name.replace(/-[a-z0-9]{10}$/, '')]),
        );
        const normal = (v: unknown): unknown => {
          if (typeof v === 'string') return unhashed.get(v) ?? v;
          if (Array.isArray(v)) {
            const items = v.map(normal);
            return items.every((i) => isObject(i) && typeof i.name === 'string')
              ? items.sort((a, b) => String((a as Manifest).name).localeCompare(String((b as Manifest).name)))
              : items;
          }
          return isObject(v)
            ? Object.fromEntries(
                Object.keys(v)
                  .sort()
                  .map((k) => [k, normal(v[k])]),
              )
            : v;
        };
        const byKey = (list: Manifest[]) =>
          Object.fromEntries(list.map((m) => normal(m) as Manifest).map((m) => [`${m.kind}/${m.metadata.name}`, m]));
        expect(byKey(kustomize(join(K8S, dir)))).toEqual(byKey(theirs));
      },
    );
  });
});
