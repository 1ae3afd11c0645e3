import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { ServiceAudience, ServiceTokenSigner } from '@kezek/internal-api';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, startApp, testConfig } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { vacanciesData } from '../src/data-source';

export const INTERNAL_SECRET = 'test-internal-api-secret-0123456789abcdef';

/** A fresh database with two regions, and the vacancies API on it. */
export async function startVacancies(clock: ManualClock) {
  const testDb = await createTestDatabase();
  const db = await createDataSource(vacanciesData, testDb.url).initialize();
  await db.query(`
    INSERT INTO region (id, name_kk, name_ru) VALUES ('astana', 'Астана', 'Астана'), ('almaty', 'Алматы', 'Алматы');
    INSERT INTO district (id, region_id, name_kk, name_ru) VALUES
      ('astana-esil', 'astana', 'Есіл', 'Есиль'), ('astana-almaty', 'astana', 'Алматы', 'Алматы'), ('almaty-medeu', 'almaty', 'Медеу', 'Медеу');
  `);
  const config = {
    ...testConfig({ name: 'vacancies', role: 'api' }, testDb.url),
    INTERNAL_API_SECRET: INTERNAL_SECRET,
  };
  const server = await startApp(AppModule.forRoot({ clock, config }));
  return {
    db,
    url: server.url,
    graphql: `${server.url}/graphql`,
    async close() {
      await server.close();
      await db.destroy();
      await testDb.drop();
    },
  };
}

let n = 0;
/** A kindergarten with one group; returns their ids. */
export async function kindergartenWithGroup(
  db: DataSource,
  o: {
    regionId?: string;
    districtId?: string;
    lat?: number;
    lng?: number;
    capacity?: number;
    groupYear?: number;
    language?: string;
    isState?: boolean;
    name?: string;
  } = {},
) {
  n += 1;
  const [k] = await db.query(
    `INSERT INTO kindergarten (name_kk, name_ru, address, lat, lng, region_id, district_id, is_state, languages) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      o.name ?? `Сад ${n}`,
      `ул. ${n}`,
      o.lat ?? 51.13,
      o.lng ?? 71.43,
      o.regionId ?? 'astana',
      o.districtId ?? 'astana-esil',
      o.isState ?? true,
      [o.language ?? 'KK'],
    ],
  );
  const [g] = await db.query(
    `INSERT INTO "group" (kindergarten_id, group_year, language, capacity) VALUES ($1, $2, $3, $4) RETURNING id`,
    [k.id, o.groupYear ?? 2022, o.language ?? 'KK', o.capacity ?? 25],
  );
  return { kindergartenId: k.id as string, groupId: g.id as string };
}

export async function freeSeats(db: DataSource, groupId: string, count: number, at: Date) {
  await db.query(
    `INSERT INTO seat (group_id, status, published_at) SELECT $1, 'FREE', $2 FROM generate_series(1, $3)`,
    [groupId, at, count],
  );
}

export function serviceToken(clock: ManualClock, secret = INTERNAL_SECRET): Promise<string> {
  return new ServiceTokenSigner(secret, 'kezek-queue').sign(ServiceAudience.VacanciesInternal, clock.now());
}

/**
 * POSTs to the claims API on a connection of its own (`agent: false`: no keep-alive pool), so
 * concurrent calls are concurrent connections, as separate queue-service instances would be.
 */
export function post<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const url = new URL(`/internal/claims/${path}`, baseUrl);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** What the outbox holds, oldest first. */
export async function outboxEvents(db: DataSource): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  return db.query(`SELECT type, payload FROM outbox ORDER BY id`);
}
