import { z } from 'zod';
import { internalApiEnv } from '@kezek/internal-api';

/** What a service calling queue's internal API validates before boot. */
export const queueApiEnv = {
  QUEUE_INTERNAL_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  ...internalApiEnv,
};
