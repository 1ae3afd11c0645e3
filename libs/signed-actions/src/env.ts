import { z } from 'zod';
import { internalApiEnv } from '@kezek/service-auth';

/** What a service that prepares signed actions validates before boot. */
export const signedActionsEnv = {
  IDENTITY_INTERNAL_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  ...internalApiEnv,
};
