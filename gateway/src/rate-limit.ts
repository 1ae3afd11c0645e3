import { randomUUID } from 'node:crypto';
import { buildASTSchema, GraphQLError, parse } from 'graphql';
import Redis from 'ioredis';
import { Clock } from '@kezek/clock';
import { ConfigError } from '@kezek/config';
import { errorExtensions } from '@kezek/errors';

/** The public "queue number" lookup (number + child's IIN, no sign-in): limited per client on its own allowance. */
export const PUBLIC_LOOKUP_FIELD = 'queuePosition';

/** The operations anyone may call without a token: each is rate-limited, whatever the configuration. */
export const ANONYMOUS_FIELDS: readonly string[] = [
  'authChallenge',
  'signIn',
  'refreshSession',
  'verifyDocument',
  PUBLIC_LOOKUP_FIELD,
];

export interface RateLimits {
  /** Redis key prefix (one per stand; tests use one per stack). */
  prefix: string;
  windowSeconds: number;
  /** Runs of one field per client address within the window. */
  perClient: number;
  /** A field's own allowance per client address instead of `perClient` (the public lookup's). */
  perClientByField?: Readonly<Record<string, number>>;
  /** Runs of one field per portal within the window (all its clients together). */
  perPortal: number;
  /** The root fields limited: the anonymous ones and any configured beside them. */
  fields: readonly string[];
}

export interface Caller {
  address: string;
  portalId: string;
}

export type RateDecision =
  { allowed: true } | { allowed: false; field: string; scope: 'client' | 'portal'; retryAfterSeconds: number };

/**
 * A sliding-window log per key (a sorted set of the accepted runs' times): at most `limit` runs in
 * any window, so a burst across a window's edge gets no second allowance and a test never races
 * one. Every key of a request is checked first and written only when all admit it, atomically;
 * a refused run is not recorded (a client waiting out the retry-after is then let in). Replies
 * `{ 0, 0 }`, or `{ i, ms }` with the first refusing key's index and the wait until it admits.
 * KEYS: the keys; ARGV: now (ms), window (ms), a unique run id, then per key its limit and weight.
 */
const SLIDING_WINDOW = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local refused, wait = 0, 0
for i, key in ipairs(KEYS) do
  local limit, weight = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local used = redis.call('ZCARD', key)
  if used + weight > limit then
    local ms = window
    if weight <= limit then
      local leaving = used + weight - limit - 1
      local entry = redis.call('ZRANGE', key, leaving, leaving, 'WITHSCORES')
      ms = tonumber(entry[2]) + window - now
    end
    if refused == 0 or ms > wait then refused, wait = i, ms end
  end
end
if refused > 0 then return { refused, wait } end
for i, key in ipairs(KEYS) do
  local weight = tonumber(ARGV[3 + 2 * i])
  for j = 1, weight do redis.call('ZADD', key, now, ARGV[3] .. ':' .. j) end
  redis.call('PEXPIRE', key, window)
end
return { 0, 0 }
`;

type SlidingWindowRedis = Redis & {
  slidingWindow(keys: number, ...args: Array<string | number>): Promise<[number, number]>;
};

/**
 * Limits the runs of chosen root fields per (client address, field) and per (portal, field) in
 * Redis, shared by every gateway replica. Time comes from the injected clock (replicas' clocks
 * agree far better than a window's length).
 *
 * When Redis does not answer, it fails open: the run is allowed and the failure logged. Sign-in
 * is what a parent needs within an offer's window of working days (R10), and the limit is a guard
 * against abuse, not a rule; while Redis is away abuse stays bounded by the per-operation limits
 * (a write runs once per operation, limits.ts), and the services, whose job lists also live in
 * Redis, are degraded anyway. A command waits at most `commandTimeoutMs`.
 */
export class RateLimiter {
  private constructor(
    private readonly redis: SlidingWindowRedis,
    private readonly limits: RateLimits,
    private readonly clock: Clock,
    private readonly onUnavailable: (error: unknown) => void,
  ) {}

  static async connect(
    redisUrl: string,
    limits: RateLimits,
    clock: Clock,
    onUnavailable: (error: unknown) => void,
    commandTimeoutMs = 500,
  ): Promise<RateLimiter> {
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      commandTimeout: commandTimeoutMs,
      maxRetriesPerRequest: 1,
      // Reconnect forever, at most every 2 s: the limiter returns by itself when Redis does.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    redis.on('error', () => undefined); // each failed command is reported through onUnavailable
    redis.defineCommand('slidingWindow', { lua: SLIDING_WINDOW });
    // A gateway starts without Redis (failing open) rather than not at all.
    await redis.connect().catch(onUnavailable);
    return new RateLimiter(redis as SlidingWindowRedis, limits, clock, onUnavailable);
  }

  /** Records the runs of the limited fields among `runs` (root field → runs), unless one is over its limit. */
  async hit(runs: ReadonlyMap<string, number>, caller: Caller): Promise<RateDecision> {
    const limited = [...runs].filter(([field]) => this.limits.fields.includes(field));
    if (limited.length === 0) return { allowed: true };
    const { prefix, perClient, perClientByField, perPortal, windowSeconds } = this.limits;
    const checks = limited.flatMap(([field, weight]) => [
      {
        field,
        scope: 'client' as const,
        key: `${prefix}:client:${field}:${caller.address}`,
        limit: perClientByField?.[field] ?? perClient,
        weight,
      },
      {
        field,
        scope: 'portal' as const,
        key: `${prefix}:portal:${field}:${caller.portalId}`,
        limit: perPortal,
        weight,
      },
    ]);
    try {
      const [refused, waitMs] = await this.redis.slidingWindow(
        checks.length,
        ...checks.map((c) => c.key),
        this.clock.now().getTime(),
        windowSeconds * 1000,
        randomUUID(),
        ...checks.flatMap((c) => [c.limit, c.weight]),
      );
      if (refused === 0) return { allowed: true };
      const { field, scope } = checks[refused - 1];
      return { allowed: false, field, scope, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch (e) {
      this.onUnavailable(e);
      return { allowed: true };
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The fields to limit: the anonymous operations and `extra`, each of which must be a Query or Mutation field of the supergraph. */
export function rateLimitedFields(extra: readonly string[], supergraphSdl: string): string[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t?.getFields() ?? {}));
  const unknown = extra.filter((f) => !roots.includes(f));
  if (unknown.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  RATE_LIMIT_EXTRA_FIELDS: ${unknown.join(', ')} is not a Query or Mutation field of the supergraph`,
    );
  return [...new Set([...ANONYMOUS_FIELDS, ...extra])];
}

/** RATE_LIMITED: HTTP 429 with Retry-After, and the wait in `extensions.details.retryAfterSeconds`. */
export function rateLimited(decision: Extract<RateDecision, { allowed: false }>): GraphQLError {
  const { field, scope, retryAfterSeconds } = decision;
  return new GraphQLError(`too many ${field} requests from this ${scope === 'client' ? 'address' : 'portal'}`, {
    extensions: {
      ...errorExtensions('RATE_LIMITED', { field, retryAfterSeconds }),
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
