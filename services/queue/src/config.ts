import { identityApiEnv } from '@kezek/identity-api';
import { ServiceConfig } from '@kezek/service-runtime';

/** queue's own variables: where identity's signing API is and the secret to call it. */
export const queueEnv = { ...identityApiEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
