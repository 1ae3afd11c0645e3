import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';

/** Thrown before boot when the environment is wrong; names every failing variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const problem = (i: z.ZodIssue) =>
    i.code === 'invalid_type' && i.received === 'undefined' ? 'is required' : i.message;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${problem(i)}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** A comma-separated list in one variable (blank items dropped). */
export const commaList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

/** PEM from an env file may carry escaped line breaks (\n). */
export function unescapePem(text: string): string {
  return text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
}

/** A PEM key in a variable, refused at boot unless it parses as a key of that kind. */
export const pemKey = (kind: 'public' | 'private') =>
  z
    .string({ required_error: 'is required' })
    .min(1, 'is required')
    .refine((v) => {
      try {
        (kind === 'public' ? createPublicKey : createPrivateKey)(unescapePem(v));
        return true;
      } catch {
        return false;
      }
    }, `must be a PEM ${kind} key`);

const url = (protocols: string[]) =>
  z
    .string({ required_error: 'is required' })
    .url('must be a URL')
    .refine(
      (v) => protocols.some((p) => v.startsWith(`${p}:`)),
      `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    );

/** Variables every service process reads. */
export const serviceEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535),
  DATABASE_URL: url(['postgres', 'postgresql']),
  /** Read replica for analytics reads; defaults to the primary. */
  DATABASE_REPLICA_URLS: commaList,
  REDIS_URL: url(['redis', 'rediss']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Every log line also goes to this file; standard output then carries warnings and errors only. */
  LOG_FILE: z.string().min(1).optional(),
  /** Public key (PEM, ES256) that verifies access tokens issued by identity. */
  AUTH_JWT_PUBLIC_KEY: pemKey('public'),
  /** Prefix of every BullMQ key: lets tests and several stands share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i)
    .default('kezek'),
};

export type ServiceEnv = z.infer<z.ZodObject<typeof serviceEnv>>;

/**
 * Where a process takes its time (every process: APIs, workers, the gateway). `manual` is the
 * shared clock of development and tests (libs/clock `SharedManualClock`): it runs on from an
 * offset that only an ADMIN's `advanceClock` moves forward. Refused with NODE_ENV=production
 * (`clockAllowed`).
 */
export const clockEnv = {
  CLOCK: z.enum(['system', 'manual']).default('system'),
  /** The first manual time (ISO-8601 with offset), used only by the process that creates the shared clock. */
  CLOCK_START: z
    .string()
    .datetime({ offset: true, message: 'must be an ISO-8601 instant with offset, e.g. 2026-09-01T09:00:00+05:00' })
    .transform((v) => new Date(v))
    .optional(),
};

export type ClockEnv = z.infer<z.ZodObject<typeof clockEnv>>;

/** A manual clock would let an ADMIN move production's deadlines: refused before boot. */
export function clockAllowed<C extends ClockEnv & { NODE_ENV: string }>(config: C): C {
  if (config.CLOCK === 'manual' && config.NODE_ENV === 'production')
    throw new ConfigError('Invalid configuration:\n  CLOCK: manual is refused with NODE_ENV=production');
  return config;
}

/** `true` or `false`; unset stays undefined, so the caller picks a default. */
export const booleanFlag = z
  .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

/** Read by the gateway and every subgraph API. */
export const introspectionEnv = {
  /**
   * GraphQL introspection (`__schema`, `__type`). Unset: on at the gateway (its schema is the
   * public contract; the playground browses it), on at a subgraph unless NODE_ENV=production.
   * A subgraph's `_service { sdl }` is a field, not introspection: composition keeps working.
   */
  GRAPHQL_INTROSPECTION: booleanFlag,
};

/** A subgraph's introspection: the variable, else on unless NODE_ENV=production. */
export function introspectionEnabled(config: { NODE_ENV: string; GRAPHQL_INTROSPECTION?: boolean }): boolean {
  return config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
}
