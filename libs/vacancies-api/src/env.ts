import { z } from 'zod';
import { internalApiEnv } from '@kezek/internal-api';

/** What a service calling vacancies' internal API validates before boot. */
export const vacanciesApiEnv = {
  VACANCIES_INTERNAL_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  ...internalApiEnv,
};
