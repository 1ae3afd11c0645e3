import { identityApiEnv } from '@kezek/identity-api';
import { ServiceConfig } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';

/** queue's own variables: where identity's and vacancies' internal APIs are and the secret to call them. */
export const queueEnv = { ...identityApiEnv, ...vacanciesApiEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
