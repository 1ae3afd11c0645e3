import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { CertificateHolder, DevPkiServer, KeyType, openTemporaryDevPki, PKI_PATHS, startDevPkiServer, TemporaryDevPki } from '@kezek/dev-pki';
import { signLikeNcaLayer } from '@kezek/eds';
import { makeIin } from '@kezek/iin';
import { createDataSource, loadServiceConfig } from '@kezek/subgraph';
import { createTestDatabase, gql, startApp, testQueuePrefix, testRedisUrl } from '@kezek/testing';
import { AppModule } from '../src/app.module';
import { identityEnv } from '../src/config';
import { identityData } from '../src/data-source';

export const INTERNAL_SECRET = 'identity-integration-secret-0123456789';

export const PARENT: CertificateHolder = { iin: makeIin('1991-03-14', 'F', 4301), surname: 'ТЕСТОВА', givenName: 'ӘСЕЛ', patronymic: 'МАРАТҚЫЗЫ' };
export const OTHER_PARENT: CertificateHolder = { iin: makeIin('1988-10-02', 'M', 4402), surname: 'ТЕСТОВ', givenName: 'ЕРЛАН', patronymic: null };
export const BIN = '180340021791';
export const EMPLOYEE: CertificateHolder = {
  iin: makeIin('1979-06-21', 'F', 4503),
  surname: 'ТӘРБИЕШІ',
  givenName: 'ГҮЛМИРА',
  organization: { bin: BIN, name: 'ГККП ЯСЛИ-САД № 10', role: 'employee' },
};

/**
 * identity in-process on a fresh database, trusting a temporary dev PKI whose OCSP responder runs
 * here too; the PKI and the service share one ManualClock, so tests move time for both.
 */
export async function startIdentity() {
  const testDb = await createTestDatabase();
  const temporary: TemporaryDevPki = await openTemporaryDevPki();
  const { pki, clock } = temporary;
  const pkiServer: DevPkiServer = await startDevPkiServer({ pki, port: 0 });
  await Promise.all([PARENT, OTHER_PARENT, EMPLOYEE].map((holder) => pki.issue(holder)));
  const config = loadServiceConfig({ name: 'identity', role: 'api' }, identityEnv, {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    REDIS_URL: testRedisUrl(),
    AUTH_JWT_PUBLIC_KEY: process.env.AUTH_JWT_PUBLIC_KEY,
    AUTH_JWT_PRIVATE_KEY: process.env.AUTH_JWT_PRIVATE_KEY,
    QUEUE_PREFIX: testQueuePrefix(),
    LOG_LEVEL: 'silent',
    INTERNAL_API_SECRET: INTERNAL_SECRET,
    EDS_TRUST: 'test',
    EDS_ANCHORS: pki.authorityFiles.root,
    EDS_INTERMEDIATES: pki.authorityFiles.issuing,
    EDS_OCSP_URL: `${pkiServer.url}${PKI_PATHS.ocsp}`,
  });
  const server = await startApp(AppModule.forRoot({ clock, config }));
  const db: DataSource = await createDataSource(identityData, testDb.url).initialize();
  const graphql = `${server.url}/graphql`;

  /** What NCALayer returns for `xml` signed with that person's key of that type. */
  const sign = (xml: string, holder: CertificateHolder, type: KeyType) => {
    const key = pki.findKey({ iin: holder.iin, type, bin: holder.organization?.bin })!;
    return signLikeNcaLayer(xml, key.privateKeyPem, key.certificatePem);
  };

  const challenge = async () => (await gql<{ authChallenge: { nonce: string; xml: string; expiresAt: string } }>(graphql, '{ authChallenge { nonce xml expiresAt } }')).data!.authChallenge;

  return {
    url: server.url,
    graphql,
    db,
    clock: clock as ManualClock,
    pki,
    sign,
    challenge,
    async close() {
      await server.close();
      await db.destroy();
      await pkiServer.close();
      temporary.remove();
      await testDb.drop();
    },
  };
}

export type IdentityUnderTest = Awaited<ReturnType<typeof startIdentity>>;

export const SESSION = 'accessToken refreshToken expiresAt needsEmail user { id iin fullName email phone roles }';
