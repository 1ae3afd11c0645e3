import { civilRegistryEnv } from '@kezek/civil-registry';
import { identityApiEnv } from '@kezek/identity-api';
import { ServiceConfig } from '@kezek/service-runtime';

/** queue's own variables: where identity's signing API is and the secret to call it; where the civil registry is (R9). */
export const queueEnv = { ...identityApiEnv, ...civilRegistryEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
