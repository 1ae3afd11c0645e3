import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { scrubAttributes } from './scrub';

export interface ActiveTracing {
  currentTraceparent(): string | undefined;
  traceJob<T>(list: string, name: string, traceparent: string | undefined, run: () => Promise<T>): Promise<T>;
}

/** Hands the exporter copies of the spans with their attributes scrubbed (scrub.ts). */
class ScrubbingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const scrubbed = spans.map(
      (span) =>
        Object.create(span, {
          attributes: { value: scrubAttributes(span.attributes) },
          events: {
            value: span.events.map((e) => ({ ...e, attributes: e.attributes && scrubAttributes(e.attributes) })),
          },
        }) as ReadableSpan,
    );
    this.inner.export(scrubbed, done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

// Probes and scrapes would be most of the spans and tell nothing.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * The OTel Node SDK: W3C trace context (the provider's default propagator), OTLP/HTTP JSON export
 * to OTEL_EXPORTER_OTLP_ENDPOINT (batched: OTEL_BSP_* tune it), spans of incoming and outgoing HTTP,
 * undici (every service-to-service call and the gateway's fetches) and PostgreSQL.
 */
export function startSdk(serviceName: string): ActiveTracing {
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new ScrubbingExporter(new OTLPTraceExporter()))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      // Statement text (with $n placeholders) only: never the parameter values, which may hold IINs.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  const tracer = trace.getTracer('@kezek/tracing');
  return {
    currentTraceparent() {
      const carrier: { traceparent?: string } = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent;
    },
    traceJob(list, name, traceparent, run) {
      const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
      const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': list };
      return tracer.startActiveSpan(
        `${list} ${name}`,
        { kind: SpanKind.CONSUMER, attributes },
        parent,
        async (span) => {
          try {
            return await run();
          } catch (e) {
            // The status only: an error's message is not checked for personal data as attributes are.
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw e;
          } finally {
            span.end();
          }
        },
      );
    },
  };
}
