/** Every benchmark of the project, as `npm run bench` runs them. */
export interface Bench {
  name: string;
  file: string;
  /** What `--smoke` sets: sizes small enough for seconds. */
  smoke: Record<string, string>;
}

export const BENCHES: Bench[] = [
  { name: 'eds', file: 'libs/eds/bench/eds.bench.ts', smoke: { ROUNDS: '1', ROUND_MS: '100' } },
  { name: 'claims', file: 'services/vacancies/bench/claims.bench.ts', smoke: { SEATS: '40', CONCURRENCY: '4' } },
  { name: 'graph', file: 'gateway/bench/graph.bench.ts', smoke: { SECONDS: '1', CONNECTIONS: '2' } },
  {
    name: 'queue',
    file: 'services/queue/bench/queue.bench.ts',
    smoke: { ROWS: '2000', BENCH_PARTS: 'journal,filing', SECONDS: '1', CONNECTIONS: '2', FILINGS: '4', FILERS: '2' },
  },
  {
    name: 'lifecycle',
    file: 'services/queue/bench/lifecycle.bench.ts',
    smoke: {
      QUEUED: '300',
      PUBLICATIONS: '4',
      SEATS_EACH: '5',
      RACERS: '12',
      RACE_SEATS: '4',
      WARM_UP_RACERS: '8',
      DEADLINES: '20',
    },
  },
  {
    name: 'notifications',
    file: 'services/notifications/bench/notifications.bench.ts',
    smoke: { EVENTS: '20', BENCH_PARTS: 'throughput' },
  },
];
