import { parse } from 'graphql';
import { Metrics, sampleOf as sample } from './metrics';
import { operationMetrics, operationRecorder } from './operation-metrics';

describe('Metrics', () => {
  it("writes Node's own metrics and the modules' with the process's labels", async () => {
    const metrics = new Metrics({ service: 'queue', role: 'worker' });
    metrics.counter('kezek_test_total', 'a test counter', ['kind']).inc({ kind: 'x' }, 2);
    metrics.gauge('kezek_test_depth', 'a gauge read when scraped', ['list'], (g) => g.set({ list: 'inbox' }, 7));
    const text = await metrics.text();
    expect(sample(text, 'kezek_process_cpu_seconds_total', { service: 'queue', role: 'worker' })).toBeGreaterThan(0);
    expect(sample(text, 'kezek_test_total', { kind: 'x', service: 'queue', role: 'worker' })).toBe(2);
    expect(sample(text, 'kezek_test_depth', { list: 'inbox', service: 'queue' })).toBe(7);
  });

  it('gives the same metric when asked twice, and keeps two processes apart', async () => {
    const a = new Metrics({ service: 'a', role: 'api' });
    expect(a.counter('kezek_same_total', 'x', [])).toBe(a.counter('kezek_same_total', 'x', []));
    const b = new Metrics({ service: 'b', role: 'api' });
    b.counter('kezek_same_total', 'x', []).inc();
    expect(sample(await a.text(), 'kezek_same_total', { service: 'a' })).toBe(0);
  });
});

describe('operationMetrics', () => {
  async function run(metrics: Metrics, source: string | null, codes: string[] = []) {
    const hooks = await operationMetrics(operationRecorder(metrics)).requestDidStart!({} as never);
    const operation = source ? (parse(source).definitions[0] as never) : undefined;
    await hooks!.willSendResponse!({ operation, errors: codes.map((code) => ({ extensions: { code } })) } as never);
  }

  it('times each operation by its own name and type, and counts its errors by code', async () => {
    const metrics = new Metrics({ service: 'gateway', role: 'api' });
    await run(metrics, 'query Regions { regions { id } }');
    await run(metrics, 'mutation { submitSigned(requestId: "r", signedXml: "x") { __typename } }', ['NO_FREE_SEATS']);
    await run(metrics, null, ['GRAPHQL_PARSE_FAILED']);
    const text = await metrics.text();
    const count = (labels: Record<string, string>) => sample(text, 'kezek_graphql_operation_seconds_count', labels);
    expect(count({ operation: 'Regions', type: 'query', service: 'gateway' })).toBe(1);
    expect(count({ operation: 'anonymous', type: 'mutation' })).toBe(1);
    expect(count({ operation: 'invalid', type: 'unknown' })).toBe(1);
    expect(sample(text, 'kezek_graphql_errors_total', { operation: 'anonymous', code: 'NO_FREE_SEATS' })).toBe(1);
    expect(sample(text, 'kezek_graphql_errors_total', { operation: 'invalid', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  });
});
