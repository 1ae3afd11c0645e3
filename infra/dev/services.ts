import { DataSourceDefinition } from '@kezek/subgraph';
import { identityData } from '../../services/identity/src/data-source';
import { queueData } from '../../services/queue/src/data-source';
import { vacanciesData } from '../../services/vacancies/src/data-source';
import { notificationsData } from '../../services/notifications/src/data-source';

export interface ServiceSpec {
  name: 'identity' | 'queue' | 'vacancies' | 'notifications';
  /** Default port of the subgraph; its worker's health port is this + 100. */
  port: number;
  data: DataSourceDefinition;
}

/** The four services in the order migrations and demo data run. */
export const SERVICES: ServiceSpec[] = [
  { name: 'identity', port: 4001, data: identityData },
  { name: 'queue', port: 4002, data: queueData },
  { name: 'vacancies', port: 4003, data: vacanciesData },
  { name: 'notifications', port: 4004, data: notificationsData },
];

export const GATEWAY_PORT = 4000;
