import { z } from 'zod';
import { identityApiEnv } from '@kezek/identity-api';
import { queueApiEnv } from '@kezek/queue-api';
import { ServiceConfig } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';

const url = (schemes: RegExp, what: string) =>
  z
    .string({ required_error: 'is required' })
    .url('must be a URL')
    .refine((v) => schemes.test(v), `must start with ${what}`);

export const DEFAULT_PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The lease of one attempt, in provider timeouts: an e-mail cut off by a crash is looked up, then
 * sent on a new connection (connection, greeting, a silence). A send renews it every timeout
 * while it runs (a server may answer each step of SMTP within the timeout and the whole more
 * slowly), so a send still in progress is never taken over.
 */
export const LEASE_STEPS = 4;

/**
 * The worker's variables: where the facts come from (queue, identity, vacancies' internal APIs)
 * and where notices go (SMTP, the SMS provider).
 */
export const notificationsWorkerEnv = {
  ...queueApiEnv,
  ...identityApiEnv,
  ...vacanciesApiEnv,
  /** smtp://user:pass@host:port (smtps:// for implicit TLS). */
  SMTP_URL: url(/^smtps?:\/\//, 'smtp:// or smtps://'),
  MAIL_FROM: z.string().min(3).default('Kezek <no-reply@kezek.kz>'),
  /**
   * A mailpit-compatible API (GET /api/v1/search?query=message-id:<id>) that says whether an
   * e-mail whose send was cut off by a crash was accepted. Without it such an e-mail is marked
   * FAILED for an operator to re-drive rather than risk sending it twice.
   */
  MAIL_RECONCILE_URL: url(/^https?:\/\//, 'http:// or https://').optional(),
  /** The SMS provider API (POST <url>/v1/messages with an Idempotency-Key). */
  SMS_PROVIDER_URL: url(/^https?:\/\//, 'http:// or https://'),
  /**
   * How long one step of a provider call (SMTP's connection, greeting or a silence; the SMS API;
   * the mail lookup) may take. A send owns its notice for `LEASE_STEPS` times this (the lease): a
   * worker that died mid-send is taken over once the lease is over.
   */
  PROVIDER_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(DEFAULT_PROVIDER_TIMEOUT_SECONDS),
  /** Jobs in hand at once per job list in one worker process: events (with their sends due at once), sends. */
  NOTIFICATIONS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
};

export type NotificationsWorkerConfig = ServiceConfig<typeof notificationsWorkerEnv>;
