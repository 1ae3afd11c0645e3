import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal, Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { createDataSource } from '@kezek/database';
import { DevCivilRegistry, startDevCivilRegistry } from '@kezek/dev-civil-registry';
import { VerifiedAction } from '@kezek/identity-api';
import { makeIin } from '@kezek/iin';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { createTestDatabase, gql, startApp, tokenFor } from '@kezek/testing';
import { Application } from '../src/application/application.entity';
import { HistoryEntry } from '../src/application/history-entry.entity';
import { ATTACH_APPLICATION } from '../src/attachment/attachment.rules';
import { AttachmentService } from '../src/attachment/attachment.service';
import { queueData } from '../src/data-source';
import { fileApplication } from '../src/filing/application-filer';
import { filingInput } from '../src/filing/filing.schema';
import { startQueueApp } from './queue-app';

/**
 * R9 on real PostgreSQL with the dev civil registry: the attach action performed as the signed-action
 * service performs it (identity's verification is the e2e suite's part), then both parents' view,
 * and the public lookup.
 */
describe('attaching an application and the public lookup (R9)', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let server: Awaited<ReturnType<typeof startApp>>;
  let registry: DevCivilRegistry;
  let url: string;
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
  const almaty = DEFAULT_PORTALS.find((p) => p.id === 'almaty')!;
  const mother = { userId: randomUUID(), iin: makeIin('1992-04-17', 'F', 1201) };
  const father = { userId: randomUUID(), iin: makeIin('1990-08-14', 'M', 3502) };
  const stranger = { userId: randomUUID(), iin: makeIin('1989-11-02', 'M', 3407) };
  const childIin = makeIin('2024-06-20', 'F', 2102);
  const principal = (p: { userId: string; iin: string }): Principal => ({
    ...p,
    roles: [Role.APPLICANT],
    tokenId: 't',
  });
  let app: Application;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    registry = await startDevCivilRegistry({ port: 0, records: [{ childIin, parentIins: [mother.iin, father.iin] }] });
    server = await startQueueApp(testDb.url, clock, {
      CIVIL_REGISTRY_URL: registry.url,
      CIVIL_REGISTRY_TIMEOUT_MS: '1000',
    });
    url = `${server.url}/graphql`;
    app = await db.transaction((tx) =>
      fileApplication(
        tx,
        {
          portal: astana,
          regionId: 'astana',
          input: filingInput.parse({
            childIin,
            childFullName: 'СЕРІКОВА ӘМИНА',
            childBirthDate: '2024-06-20',
            queueAreaId: 'astana',
          }),
          applicant: { userId: mother.userId, fullName: 'СЕРІКОВА АЙГЕРІМ' },
          signatureId: null,
        },
        new Date('2025-01-01T00:00:00Z'),
      ),
    );
  });

  afterAll(async () => {
    await server?.close();
    await registry?.close();
    await db?.destroy();
    await testDb?.drop();
  });

  const verified = (signer: { iin: string }, parameters = { number: app.number, childIin }): VerifiedAction => ({
    requestId: randomUUID(),
    action: ATTACH_APPLICATION,
    parameters,
    subject: app.number,
    signerIin: signer.iin,
    signatureId: randomUUID(),
    verifiedAt: clock.now(),
    certificate: { serialNumber: '01', sha256: 'ab' },
  });
  const perform = (signer: { userId: string; iin: string }, action = verified(signer), portal = astana) =>
    db.transaction((tx) => server.app.get(AttachmentService).perform(tx, action, principal(signer), portal));
  const code = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string }) => e.code,
    );
  const stored = () => db.getRepository(Application).findOneByOrFail({ id: app.id });
  const history = () => db.getRepository(HistoryEntry).find({ where: { applicationId: app.id }, order: { id: 'ASC' } });

  it('refuses a person the registry does not list, a wrong pair and another portal, changing nothing', async () => {
    expect(await code(perform(stranger))).toBe('NOT_A_PARENT');
    expect(await code(perform(father, verified(father, { number: app.number, childIin: stranger.iin })))).toBe(
      'NOT_FOUND',
    );
    expect(await code(perform(father, verified(father), almaty))).toBe('NOT_FOUND');
    expect((await stored()).applicantIds).toEqual([mother.userId]);
    expect((await history()).map((h) => h.action)).toEqual(['FILED']);
  });

  it('appends the father to the applicants with ATTACHED and the signature in the history; both then see it', async () => {
    const action = verified(father);
    expect(await perform(father, action)).toEqual({ applicationId: app.id });
    expect((await stored()).applicantIds).toEqual([mother.userId, father.userId]);
    expect((await history()).at(-1)).toMatchObject({
      action: 'ATTACHED',
      actor: father.userId,
      fromStatus: 'IN_QUEUE',
      toStatus: 'IN_QUEUE',
      signatureId: action.signatureId,
    });

    const QUERY = `query($id: ID) { application(id: $id) { id } myApplications { items { id } } }`;
    for (const parent of [mother, father]) {
      const auth = { authorization: `Bearer ${await tokenFor(parent, clock)}` };
      const seen = await gql<{ application: { id: string }; myApplications: { items: Array<{ id: string }> } }>(
        url,
        QUERY,
        { id: app.id },
        auth,
      );
      expect(seen.data!.application).toEqual({ id: app.id });
      expect(seen.data!.myApplications.items).toEqual([{ id: app.id }]);
    }
    expect(await code(perform(father))).toBe('ALREADY_AN_APPLICANT');
  });

  it('is CIVIL_REGISTRY_UNAVAILABLE, changing nothing, while the registry does not answer', async () => {
    const port = registry.port;
    await registry.close();
    try {
      expect(await code(perform(stranger))).toBe('CIVIL_REGISTRY_UNAVAILABLE');
      expect((await stored()).applicantIds).toEqual([mother.userId, father.userId]);
    } finally {
      registry = await startDevCivilRegistry({ port, records: [{ childIin, parentIins: [mother.iin, father.iin] }] });
    }
  });

  it('answers the public lookup without sign-in: status and numbers for the pair, null for a mismatch', async () => {
    const LOOKUP = `query($n: String!, $c: String!) { queuePosition(number: $n, childIin: $c) { status groupYear queueNumber privilegedQueueNumber } }`;
    const lookup = (n: string, c: string, portal = 'astana') =>
      gql<{ queuePosition: unknown }>(url, LOOKUP, { n, c }, { 'x-kezek-portal': portal });
    expect((await lookup(app.number, childIin)).data!.queuePosition).toEqual({
      status: 'IN_QUEUE',
      groupYear: 2024,
      queueNumber: 1,
      privilegedQueueNumber: 0,
    });
    expect((await lookup(app.number, stranger.iin)).data!.queuePosition).toBeNull();
    expect((await lookup('УО.2025.999999.1', childIin)).data!.queuePosition).toBeNull();
    expect((await lookup(app.number, childIin, 'almaty')).data!.queuePosition).toBeNull();
    expect((await lookup(app.number, '123')).errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });
});
