import { signedActionsEnv } from '@kezek/signed-actions';
import { ServiceConfig } from '@kezek/service-runtime';

/** queue's own variables: where identity's signing API is and the secret to call it. */
export const queueEnv = { ...signedActionsEnv };

export type QueueConfig = ServiceConfig<typeof queueEnv>;
