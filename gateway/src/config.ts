import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { gatewayCredentialEnv } from '@kezek/auth';
import { clockAllowed, clockEnv, commaList, introspectionEnv, loadConfig, pemKey, serviceEnv } from '@kezek/config';

/** Express's names for address ranges (proxy-addr). */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const isAddressOrRange = (v: string) => {
  if (NAMED_RANGES.includes(v)) return true;
  const [address, bits, ...rest] = v.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/**
 * Whom the gateway believes about the client's address (Express `trust proxy`): `off` (the
 * default: the address is the TCP peer's, X-Forwarded-For is ignored), a number of proxy hops in
 * front, or the proxies' addresses and ranges (`loopback`, `uniquelocal`, `10.0.0.0/8`…). Never
 * `true`: that would let any client name its own address in X-Forwarded-For.
 */
const trustProxy = z
  .string()
  .default('off')
  .transform((v, ctx): false | number | string[] => {
    const value = v.trim();
    if (value === '' || value === 'off' || value === 'false') return false;
    if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
    const list = value.split(',').map((s) => s.trim());
    if (list.every(isAddressOrRange)) return list;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be off, a number of proxy hops, or comma-separated proxy addresses/ranges (never true)',
    });
    return z.NEVER;
  });

export const gatewayEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Every log line also goes to this file; standard output then carries warnings and errors only. */
  LOG_FILE: z.string().min(1).optional(),
  /** Public key (PEM, ES256) of identity's access tokens: bad tokens stop here, before any subgraph. */
  AUTH_JWT_PUBLIC_KEY: pemKey('public'),
  /** The composed supergraph (`npm run compose`); subgraph URLs in it are overridden below. */
  SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', 'supergraph.graphql')),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(5000),
  /** Requests in flight to one subgraph at once; the rest wait their turn in the gateway. */
  SUBGRAPH_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** The rate limiter's store (rate-limit.ts), shared by every replica. */
  REDIS_URL: serviceEnv.REDIS_URL,
  RATE_LIMIT_PREFIX: z.string().min(1).default('kezek:rate-limit'),
  /** At most a minute: RATE_LIMITED tells the user to try again in a minute. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  /** Runs of each anonymous operation (authChallenge, signIn, refreshSession, verifyDocument) per client address per window. */
  RATE_LIMIT_ANONYMOUS_PER_CLIENT: z.coerce.number().int().min(1).default(20),
  /** Runs of the public lookup (queuePosition: number + child's IIN, no sign-in) per client address per window. */
  RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT: z.coerce.number().int().min(1).default(10),
  /** The same per portal, all its clients together: a ceiling against requests spread over many addresses. */
  RATE_LIMIT_ANONYMOUS_PER_PORTAL: z.coerce.number().int().min(1).default(3000),
  /** Root fields limited like the anonymous operations too; each must be in the supergraph. */
  RATE_LIMIT_EXTRA_FIELDS: commaList,
  TRUST_PROXY: trustProxy,
  /**
   * The NCALayer the playground signs with, on the operator's own machine: the real one listens on
   * wss://127.0.0.1:13579; `npm start` points it at the emulator. The page's CSP allows this origin only.
   */
  PLAYGROUND_NCALAYER_URL: z
    .string()
    .default('wss://127.0.0.1:13579')
    .refine((v) => URL.canParse(v) && ['ws:', 'wss:'].includes(new URL(v).protocol), 'must be a ws:// or wss:// URL'),
  /** GATEWAY_SECRET: signs the credential of every subgraph call; subgraphs answer nobody else. */
  ...gatewayCredentialEnv,
  ...introspectionEnv,
  /** CLOCK, CLOCK_START: the gateway checks tokens and signs subgraph credentials at the graph's time. */
  ...clockEnv,
  /** The stand's key prefix, as the services': the shared manual clock is `<QUEUE_PREFIX>:clock`. */
  QUEUE_PREFIX: serviceEnv.QUEUE_PREFIX,
};

export type GatewayConfig = z.infer<z.ZodObject<typeof gatewayEnv>>;

/** The API schema is the public contract and the playground browses it: on unless switched off. */
export function gatewayIntrospection(config: Pick<GatewayConfig, 'GRAPHQL_INTROSPECTION'>): boolean {
  return config.GRAPHQL_INTROSPECTION ?? true;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return clockAllowed(loadConfig(gatewayEnv, env));
}

/** `SUBGRAPH_<NAME>_URL` for every subgraph named in the supergraph; a missing one fails the boot. */
export function subgraphUrls(names: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const shape = Object.fromEntries(
    names.map((n) => [subgraphUrlVariable(n), z.string({ required_error: 'is required' }).url('must be a URL')]),
  );
  const parsed = loadConfig(shape, env);
  return Object.fromEntries(names.map((n) => [n, parsed[subgraphUrlVariable(n)] as string]));
}

export const subgraphUrlVariable = (name: string) => `SUBGRAPH_${name.toUpperCase()}_URL`;
