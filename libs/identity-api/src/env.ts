import { z } from 'zod';
import { internalApiEnv } from '@kezek/internal-api';

/** What a service calling identity's internal API validates before boot. */
export const identityApiEnv = {
  IDENTITY_INTERNAL_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  ...internalApiEnv,
};
