import { z } from 'zod';
import { internalApiEnv } from '@kezek/internal-api';
import { ServiceConfig } from '@kezek/service-runtime';

/**
 * How long published seats wait for their offer round before they are free choice anyway (R10,
 * R11): a round that holds them, or has seen their publication, ends the wait much sooner. The
 * grace is a safety valve, not a rule: a round that never comes (its SeatsPublished lost, the
 * queue's worker down for long) must not keep seats from every child for ever. Long enough for a
 * relay and a busy or restarting worker; short enough that lost seats are not missed for a day.
 */
export const ROUND_GRACE_SECONDS = { default: 600, min: 0, max: 7 * 24 * 3600 } as const;

/** vacancies' own variables (the API: the claims API's secret, seats' rules). */
export const vacanciesEnv = {
  ...internalApiEnv,
  ROUND_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(ROUND_GRACE_SECONDS.min)
    .max(ROUND_GRACE_SECONDS.max)
    .default(ROUND_GRACE_SECONDS.default),
};

export type VacanciesConfig = ServiceConfig<typeof vacanciesEnv>;
