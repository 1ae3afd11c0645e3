import { z } from 'zod';
import { clockAllowed, clockEnv, ClockEnv, loadConfig, serviceEnv, ServiceEnv } from '@kezek/config';

/** Injection token of the validated configuration of this process. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface ServiceIdentity {
  /** Service name: also the database schema and the log `service` field. */
  name: 'identity' | 'queue' | 'vacancies' | 'notifications';
  /** `api` serves the subgraph; `worker` runs BullMQ processors. */
  role: 'api' | 'worker';
}

export type ServiceConfig<X extends z.ZodRawShape = Record<never, never>> = ServiceEnv &
  ClockEnv &
  z.infer<z.ZodObject<X>> & { service: ServiceIdentity };

export function loadServiceConfig<X extends z.ZodRawShape>(
  service: ServiceIdentity,
  extra: X = {} as X,
  env = process.env,
): ServiceConfig<X> {
  const config = { ...loadConfig({ ...serviceEnv, ...clockEnv, ...extra }, env), service } as ServiceConfig<X>;
  return clockAllowed(config);
}
