import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { QueueApiClient } from '@kezek/queue-api';
import { createTestDatabase } from '@kezek/testing';
import { queueData } from '../src/data-source';
import { filer, PARENT } from './filing.helper';
import { startQueueApp } from './queue-app';

const SECRET = 'queue-integration-secret-0123456789ab';

describe("queue's notice facts: what the notifications service tells parents", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startQueueApp>>;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const file = filer(() => db);
  const client = (service: string) => new QueueApiClient({ baseUrl: server.url, secret: SECRET, service, clock });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    server = await startQueueApp(testDb.url, clock, { INTERNAL_API_SECRET: SECRET });
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it('answers the notifier with the application, its child and applicants (R9)', async () => {
    const app = await file({ childName: 'ҚОНЫСБАЙ АЙЛИН' });
    await expect(client('kezek-notifications').noticeFacts({ applicationId: app.id })).resolves.toEqual({
      application: {
        id: app.id,
        number: app.number,
        portalId: 'astana',
        regionId: 'astana',
        status: 'IN_QUEUE',
        childFullName: 'ҚОНЫСБАЙ АЙЛИН',
        language: null,
        applicantIds: [PARENT],
        onStopListUntil: null,
      },
      referral: null,
      offer: null,
    });
  });

  it('refuses another service (FORBIDDEN) and an unknown application or a referral of another (NOT_FOUND)', async () => {
    const app = await file();
    await expect(client('kezek-identity').noticeFacts({ applicationId: app.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const notifier = client('kezek-notifications');
    await expect(notifier.noticeFacts({ applicationId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
    await expect(
      notifier.noticeFacts({ applicationId: app.id, referralId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
