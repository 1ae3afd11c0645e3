import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { bearerToken, gatewayCredentialEnv } from '@kezek/auth';
import { Clock, ManualClock } from '@kezek/clock';
import {
  CertificateHolder,
  DevPkiServer,
  KeyType,
  openTemporaryDevPki,
  PKI_PATHS,
  startDevPkiServer,
  TemporaryDevPki,
} from '@kezek/dev-pki';
import { signLikeNcaLayer } from '@kezek/eds';
import { DomainError, errorExtensions, isDomainError, refusalExtensions } from '@kezek/errors';
import { makeIin } from '@kezek/iin';
import { ServiceTokenVerifier } from '@kezek/internal-api';
import { createDataSource } from '@kezek/database';
import { loadServiceConfig } from '@kezek/service-runtime';
import { validateInput } from '@kezek/validation';
import { createTestDatabase, gql, startApp, TEST_GATEWAY_SECRET, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { KindergartenArea, KindergartensApi } from '@kezek/vacancies-api';
import { AppModule } from '../src/app.module';
import { identityEnv } from '../src/config';
import { identityData } from '../src/data-source';

export const INTERNAL_SECRET = 'identity-integration-secret-0123456789';

export const PARENT: CertificateHolder = {
  iin: makeIin('1991-03-14', 'F', 4301),
  surname: 'ТЕСТОВА',
  givenName: 'ӘСЕЛ',
  patronymic: 'МАРАТҚЫЗЫ',
};
export const OTHER_PARENT: CertificateHolder = {
  iin: makeIin('1988-10-02', 'M', 4402),
  surname: 'ТЕСТОВ',
  givenName: 'ЕРЛАН',
  patronymic: null,
};
export const BIN = '180340021791';
export const EMPLOYEE: CertificateHolder = {
  iin: makeIin('1979-06-21', 'F', 4503),
  surname: 'ТӘРБИЕШІ',
  givenName: 'ГҮЛМИРА',
  organization: { bin: BIN, name: 'ГККП ЯСЛИ-САД № 10', role: 'employee' },
};

/**
 * vacancies' kindergarten registry as identity sees it: a real HTTP server speaking the contract
 * of @kezek/vacancies-api (the service token checked for vacancies' audience, request and answer
 * validated with the shared schemas, refusals in the internal APIs' shape), answering from
 * `kindergartens`. vacancies' own side of the contract is tested on vacancies' API
 * (services/vacancies/test/kindergarten-lookup.integration-spec.ts). `answer: 'none'` drops every
 * connection unanswered, `'error'` answers 503. `beforeAnswer`, once set, runs (once) before the
 * next answer: what happens elsewhere while identity waits for the registry.
 */
export async function startRegistry(secret: string, clock: Clock) {
  const kindergartens = new Map<string, KindergartenArea>();
  const state: { answer: 'yes' | 'none' | 'error'; calls: number; beforeAnswer?: () => Promise<void> } = {
    answer: 'yes',
    calls: 0,
  };
  const verifier = new ServiceTokenVerifier(secret, KindergartensApi.lookup.audience);
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      req
        .setEncoding('utf8')
        .on('data', (c: string) => (text += c))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer(async (req, res) => {
    state.calls += 1;
    if (state.answer === 'none') return void req.socket.destroy();
    if (state.answer === 'error') return send(res, 503, errorExtensions('INTERNAL_SERVER_ERROR'));
    try {
      if (req.method !== 'POST' || req.url !== KindergartensApi.lookup.path)
        throw new DomainError('NOT_FOUND', `no route ${req.method} ${req.url}`);
      await verifier.verify(bearerToken(req.headers.authorization), clock.now());
      const { ids } = validateInput(KindergartensApi.lookup.request, JSON.parse(await read(req)));
      const meanwhile = state.beforeAnswer;
      state.beforeAnswer = undefined;
      await meanwhile?.();
      send(
        res,
        200,
        KindergartensApi.lookup.response.parse({ kindergartens: ids.flatMap((id) => kindergartens.get(id) ?? []) }),
      );
    } catch (e) {
      const refusal = isDomainError(e) ? e : new DomainError('VALIDATION_FAILED', String(e));
      const status: Record<string, number> = { UNAUTHENTICATED: 401, NOT_FOUND: 404 };
      send(res, status[refusal.code] ?? 400, {
        ...refusalExtensions(refusal),
        message: refusal.message,
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    kindergartens,
    state,
    /** Registers a kindergarten in a region (district `<region>-center`) and returns its id. */
    register(id: string, regionId: string) {
      kindergartens.set(id, { id, regionId, districtId: `${regionId}-center` });
      return id;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * identity in-process on a fresh database, trusting a temporary dev PKI whose OCSP responder runs
 * here too; the PKI and the service share one ManualClock, so tests move time for both.
 */
export async function startIdentity() {
  const testDb = await createTestDatabase();
  const temporary: TemporaryDevPki = await openTemporaryDevPki();
  const { pki, clock } = temporary;
  const pkiServer: DevPkiServer = await startDevPkiServer({ pki, port: 0 });
  const registry = await startRegistry(INTERNAL_SECRET, clock);
  await Promise.all([PARENT, OTHER_PARENT, EMPLOYEE].map((holder) => pki.issue(holder)));
  const config = loadServiceConfig(
    { name: 'identity', role: 'api' },
    { ...gatewayCredentialEnv, ...identityEnv },
    {
      GATEWAY_SECRET: TEST_GATEWAY_SECRET,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: testDb.url,
      REDIS_URL: testRedisUrl(),
      AUTH_JWT_PUBLIC_KEY: process.env.AUTH_JWT_PUBLIC_KEY,
      AUTH_JWT_PRIVATE_KEY: process.env.AUTH_JWT_PRIVATE_KEY,
      QUEUE_PREFIX: testQueuePrefix(),
      LOG_LEVEL: 'silent',
      INTERNAL_API_SECRET: INTERNAL_SECRET,
      VACANCIES_INTERNAL_URL: registry.url,
      EDS_TRUST: 'test',
      EDS_ANCHORS: pki.authorityFiles.root,
      EDS_INTERMEDIATES: pki.authorityFiles.issuing,
      EDS_OCSP_URL: `${pkiServer.url}${PKI_PATHS.ocsp}`,
    },
  );
  const server = await startApp(AppModule.forRoot({ clock, config }));
  const db: DataSource = await createDataSource(identityData, testDb.url).initialize();
  const graphql = `${server.url}/graphql`;

  /** What NCALayer returns for `xml` signed with that person's key of that type. */
  const sign = (xml: string, holder: CertificateHolder, type: KeyType) => {
    const key = pki.findKey({ iin: holder.iin, type, bin: holder.organization?.bin })!;
    return signLikeNcaLayer(xml, key.privateKeyPem, key.certificatePem);
  };

  /**
   * Runs `race` (concurrent requests) while a transaction here holds the row lock `select` (a
   * `SELECT … FOR UPDATE`) takes, and releases it once `waiters` requests wait for a lock (or after
   * 3 s): the requests then meet at that lock whatever their timing before it.
   */
  const raceAtRowLock = async <T>(
    select: string,
    params: unknown[],
    waiters: number,
    race: () => Promise<T>,
  ): Promise<T> => {
    const holder = db.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query(select, params);
      const result = race();
      result.catch(() => undefined); // awaited below, after the lock is released
      for (const deadline = Date.now() + 3000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        const [{ n }] = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (n >= waiters) break;
      }
      await holder.commitTransaction();
      return await result;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  };

  const challenge = async () =>
    (
      await gql<{ authChallenge: { nonce: string; xml: string; expiresAt: string } }>(
        graphql,
        '{ authChallenge { nonce xml expiresAt } }',
      )
    ).data!.authChallenge;

  return {
    url: server.url,
    graphql,
    db,
    clock: clock as ManualClock,
    pki,
    registry,
    sign,
    challenge,
    raceAtRowLock,
    async close() {
      await server.close();
      await db.destroy();
      await pkiServer.close();
      await registry.close();
      temporary.remove();
      await testDb.drop();
    },
  };
}

export type IdentityUnderTest = Awaited<ReturnType<typeof startIdentity>>;

export const SESSION = 'accessToken refreshToken expiresAt needsEmail user { id iin fullName email phone roles }';
