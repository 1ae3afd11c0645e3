import { Clock } from '@kezek/clock';
import { loadConfig } from '@kezek/config';
import { startApp, testConfig } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { queueEnv } from '../src/config';

/**
 * The queue subgraph in-process on a test database. The services it calls do not run here: their
 * variables only need to be valid (`env` points one at a test double).
 */
export function startQueueApp(databaseUrl: string, clock: Clock, env: NodeJS.ProcessEnv = {}) {
  const own = loadConfig(queueEnv, {
    IDENTITY_INTERNAL_URL: 'http://127.0.0.1:9',
    VACANCIES_INTERNAL_URL: 'http://127.0.0.1:9',
    CIVIL_REGISTRY_URL: 'http://127.0.0.1:9',
    DOCUMENTS_LINK_SECRET: 'queue-integration-documents-0123456789',
    DOCUMENTS_PUBLIC_URL: 'http://127.0.0.1:9',
    INTERNAL_API_SECRET: 'queue-integration-secret-0123456789ab',
    ...env,
  });
  return startApp(
    AppModule.forRoot({ clock, config: { ...testConfig({ name: 'queue', role: 'api' }, databaseUrl), ...own } }),
  );
}
