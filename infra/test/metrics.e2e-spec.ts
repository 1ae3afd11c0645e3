import { sampleOf } from '@kezek/metrics';
import { DEMO_CHILDREN } from '@kezek/demo';
import { gql } from '@kezek/testing';
import { startTestStack, TestStack } from './test-stack';

/**
 * Every process serves Prometheus metrics on /metrics: the gateway and each subgraph their
 * operations, the workers their job lists and outbox backlog — and never a caller's data.
 */
describe('metrics of every process', () => {
  let running: TestStack;
  const scrape = async (name: string) => {
    const base =
      name === 'gateway'
        ? running.url.replace(/\/graphql$/, '')
        : running.stack.processes.find((p) => p.name === name)!.url;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  beforeAll(async () => {
    running = await startTestStack({ workers: true, onLine: () => undefined });
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('times the operations at the gateway and at the subgraph that answered them', async () => {
    const res = await gql(running.url, 'query Regions { regions { id } }', {}, { 'x-kezek-portal': 'astana' });
    expect(res.errors).toBeUndefined();
    const gateway = await scrape('gateway');
    expect(sampleOf(gateway, 'kezek_graphql_operation_seconds_count', { operation: 'Regions', type: 'query' })).toBe(1);
    expect(sampleOf(gateway, 'kezek_process_cpu_seconds_total', { service: 'gateway' })).toBeGreaterThan(0);
    const vacancies = await scrape('vacancies');
    expect(
      sampleOf(vacancies, 'kezek_graphql_operation_seconds_count', { service: 'vacancies', type: 'query' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts refusals by code, and writes no value a caller sent', async () => {
    const iin = DEMO_CHILDREN[0].iin;
    const refused = await gql(
      running.url,
      'query Lookup($n: String) { application(number: $n) { id } }',
      { n: iin },
      { 'x-kezek-portal': 'astana' },
    );
    const code = refused.errors![0].extensions!.code as string;
    const gateway = await scrape('gateway');
    expect(sampleOf(gateway, 'kezek_graphql_errors_total', { operation: 'Lookup', code })).toBe(1);
    for (const name of ['gateway', 'queue', 'identity', 'vacancies']) expect(await scrape(name)).not.toContain(iin);
  });

  it("shows the workers' job lists and outbox backlog", async () => {
    const worker = await scrape('queue-worker');
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(sampleOf(worker, 'kezek_jobs', { list: 'queue-inbox', state })).toBeGreaterThanOrEqual(0);
    expect(sampleOf(worker, 'kezek_jobs_oldest_waiting_seconds', { list: 'queue-deadlines' })).toBeGreaterThanOrEqual(
      0,
    );
    expect(sampleOf(worker, 'kezek_outbox_backlog', { schema: 'queue', measure: 'events' })).toBeGreaterThanOrEqual(0);
    const vacanciesWorker = await scrape('vacancies-worker');
    expect(
      sampleOf(vacanciesWorker, 'kezek_outbox_backlog', { schema: 'vacancies', measure: 'oldest_seconds' }),
    ).toBeGreaterThanOrEqual(0);
  });
});
