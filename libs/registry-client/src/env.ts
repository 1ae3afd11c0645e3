import { z } from 'zod';
import { internalApiEnv } from '@kezek/service-auth';

/** What a service that asks vacancies' registry validates before boot. */
export const registryClientEnv = {
  VACANCIES_INTERNAL_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  ...internalApiEnv,
};
