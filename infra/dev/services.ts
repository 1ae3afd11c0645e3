export type ServiceName = 'identity' | 'queue' | 'vacancies' | 'notifications';

export interface ServiceSpec {
  name: ServiceName;
  /** Default port of the subgraph; its worker's health port, where it has one (`src/worker.ts`), is this + 100. */
  port: number;
}

/** The four services. Each owns its schema and runs its own migrations (`src/cli.ts migrate`). */
export const SERVICES: ServiceSpec[] = [
  { name: 'identity', port: 4001 },
  { name: 'queue', port: 4002 },
  { name: 'vacancies', port: 4003 },
  { name: 'notifications', port: 4004 },
];

export const GATEWAY_PORT = 4000;
