import { IdentityApiClient } from '@kezek/identity-api';
import { User } from '../src/user/user.entity';
import { IdentityUnderTest, INTERNAL_SECRET, PARENT, startIdentity } from './fixtures';

describe("identity's people API: contacts for the notifications service alone", () => {
  let svc: IdentityUnderTest;
  const client = (service: string) =>
    new IdentityApiClient({ baseUrl: svc.url, secret: INTERNAL_SECRET, service, clock: svc.clock });
  let parent: User;

  beforeAll(async () => {
    svc = await startIdentity();
    parent = await svc.db.getRepository(User).save({
      iin: PARENT.iin,
      fullName: 'ТЕСТОВА ӘСЕЛ МАРАТҚЫЗЫ',
      surname: 'ТЕСТОВА',
      givenName: 'ӘСЕЛ',
      patronymic: 'МАРАТҚЫЗЫ',
      email: 'asel@example.kz',
      phone: '+77011112233',
    });
  });
  afterAll(() => svc?.close());

  it("gives the notifier each person's e-mail and phone, and nothing for an unknown id", async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(client('kezek-notifications').contacts([parent.id, unknown, parent.id])).resolves.toEqual([
      { id: parent.id, fullName: 'ТЕСТОВА ӘСЕЛ МАРАТҚЫЗЫ', email: 'asel@example.kz', phone: '+77011112233' },
    ]);
  });

  it('refuses any other service (FORBIDDEN): only the notifier learns contacts', async () => {
    await expect(client('kezek-queue').contacts([parent.id])).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
