import { civilRegistryEnv } from '@kezek/civil-registry';
import { identityApiEnv } from '@kezek/identity-api';
import { ServiceConfig } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';

/** queue's own variables: where identity's and vacancies' internal APIs are, the secret to call them, and the civil registry (R9). */
export const queueEnv = { ...identityApiEnv, ...vacanciesApiEnv, ...civilRegistryEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
