import { z } from 'zod';

/** What a service asking the civil registry validates before boot. */
export const civilRegistryEnv = {
  CIVIL_REGISTRY_URL: z.string({ required_error: 'is required' }).url('must be a URL'),
  CIVIL_REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
};
