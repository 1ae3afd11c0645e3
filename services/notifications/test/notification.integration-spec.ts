import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { createTestDatabase, gql, startApp, testConfig, tokenFor } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { notificationsData } from '../src/data-source';
import { Channel } from '../src/notification/models/channel.enum';
import { DeliveryStatus } from '../src/notification/models/delivery-status.enum';
import { Notification } from '../src/notification/notification.entity';

const PARENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

describe('notifications subgraph on real PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let url: string;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const as = async (userId: string) => ({ authorization: `Bearer ${await tokenFor({ userId }, clock)}` });
  const notify = (userId: string, minutesAgo: number, readAt: Date | null = null) =>
    db.getRepository(Notification).save({
      userId,
      channel: Channel.IN_APP,
      kind: 'TURN_CAME',
      title: 'Кезегіңіз келді / Ваша очередь подошла',
      body: '…',
      createdAt: new Date(clock.now().getTime() - minutesAgo * 60_000),
      status: DeliveryStatus.DELIVERED,
      readAt,
    });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(notificationsData, testDb.url).initialize();
    server = await startApp(
      AppModule.forRoot({ clock, config: testConfig({ name: 'notifications', role: 'api' }, testDb.url) }),
    );
    url = `${server.url}/graphql`;
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  it("lists the caller's own notifications, newest first, and only unread ones when asked", async () => {
    const older = await notify(PARENT, 30);
    const newer = await notify(PARENT, 5);
    const read = await notify(PARENT, 60, new Date('2026-03-02T04:00:00Z'));
    await notify(OTHER, 1);
    type List = { myNotifications: Array<{ id: string; readAt: string | null }> };
    const all = await gql<List>(url, '{ myNotifications { id readAt } }', {}, await as(PARENT));
    expect(all.data!.myNotifications.map((n) => n.id)).toEqual([newer.id, older.id, read.id]);
    const unread = await gql<List>(url, '{ myNotifications(unreadOnly: true) { id } }', {}, await as(PARENT));
    expect(unread.data!.myNotifications.map((n) => n.id)).toEqual([newer.id, older.id]);
  });

  it('marks a notification read once: a retry keeps the first reading instant', async () => {
    const n = await notify(PARENT, 2);
    const mark = `mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
    const first = await gql<{ markNotificationRead: { readAt: string } }>(url, mark, { id: n.id }, await as(PARENT));
    expect(first.data!.markNotificationRead.readAt).toBe('2026-03-02T10:00:00.000+05:00');
    clock.advance(3600_000);
    const again = await gql<{ markNotificationRead: { readAt: string } }>(url, mark, { id: n.id }, await as(PARENT));
    expect(again.data!.markNotificationRead.readAt).toBe(first.data!.markNotificationRead.readAt);
  });

  it("refuses someone else's notification, a malformed id and an anonymous caller, changing nothing", async () => {
    const n = await notify(PARENT, 2);
    const mark = `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`;
    expect((await gql(url, mark, { id: n.id }, await as(OTHER))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(url, mark, { id: 'not-a-uuid' }, await as(PARENT))).errors?.[0].extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await gql(url, mark, { id: n.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await db.getRepository(Notification).findOneByOrFail({ id: n.id })).readAt).toBeNull();
  });
});
