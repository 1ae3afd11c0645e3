import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import { Metrics } from './metrics';

/** Seconds: a portal's request should take milliseconds; the top buckets catch the slow ones. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Duration of every GraphQL operation by name and type, and its errors by code — the gateway's
 * and each subgraph's. An unnamed operation is counted as "anonymous", one that never parsed as
 * "invalid": names come from the callers, so only the document's own name is used.
 */
export type OperationRecorder = (
  operation: OperationDefinitionNode | undefined,
  errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined,
  startedMs: number,
) => void;

/** Records one operation's duration (from `startedMs`, a `performance.now()`) and its errors as received, before formatting. */
export function operationRecorder(metrics: Metrics): OperationRecorder {
  const seconds = metrics.histogram(
    'kezek_graphql_operation_seconds',
    'GraphQL operations: duration by operation name and type',
    ['operation', 'type'],
    BUCKETS,
  );
  const errors = metrics.counter('kezek_graphql_errors_total', 'GraphQL errors by operation and code', [
    'operation',
    'code',
  ]);
  return (operation, raised, startedMs) => {
    const name = operation ? (operation.name?.value ?? 'anonymous') : 'invalid';
    seconds.observe(
      { operation: name, type: operation?.operation ?? 'unknown' },
      (performance.now() - startedMs) / 1000,
    );
    for (const e of raised ?? [])
      errors.inc({ operation: name, code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
  };
}

/** The recorder as an Apollo Server plugin: every operation Apollo answers. */
export function operationMetrics<C extends object>(record: OperationRecorder): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, errors }) {
          record(operation, errors, started);
        },
      };
    },
  };
}
