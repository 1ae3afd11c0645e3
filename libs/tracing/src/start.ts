import { basename, dirname } from 'node:path';
import type { ActiveTracing } from './sdk';

/** Set once tracing is on; while it is unset the helpers below do nothing and load nothing. */
let active: ActiveTracing | undefined;

/**
 * Starts OpenTelemetry tracing for this process when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; without
 * it nothing is loaded or patched. Call it before anything else is required (see `register`): the
 * instrumentations patch http, undici and pg as they load. Returns whether tracing is on.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (active) return true;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  // Required only now: a process without tracing never loads the SDK.
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  active = startSdk(env.OTEL_SERVICE_NAME || serviceName);
  return true;
}

/** The active span's W3C `traceparent`, to carry with a job; undefined when tracing is off or no span is active. */
export function currentTraceparent(): string | undefined {
  return active?.currentTraceparent();
}

/** Runs a job as a consumer span that continues the trace of `traceparent` (the request that caused it). */
export function traceJob<T>(list: string, name: string, traceparent: unknown, run: () => Promise<T>): Promise<T> {
  return active ? active.traceJob(list, name, typeof traceparent === 'string' ? traceparent : undefined, run) : run();
}

/** A process's service name from its entry script: services/queue/src/worker.ts → queue-worker, gateway/src/main.ts → gateway. */
export function serviceNameOf(script: string): string {
  const service = basename(dirname(dirname(script)));
  return basename(script, '.ts') === 'worker' ? `${service}-worker` : service;
}
