import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CHILDREN, DEMO_PEOPLE, demoPerson } from '@kezek/demo';
import { cachedRsaKeys, DevPki, DevPkiServer, startDevPkiServer } from '@kezek/dev-pki';
import { NcaLayerEmulator, signWithEmulator, startNcaLayerEmulator } from '@kezek/ncalayer-emulator';
import { gql } from '@kezek/testing';
import { issueDemoReferral } from '../dev/demo-journey';
import { devTrustEnv } from '../dev/stack';
import { startTestStack, TestStack } from './test-stack';

/**
 * Sign-in and the first signed action as a portal does them: through the gateway, every signature
 * made by the NCALayer emulator with keys of a dev PKI that identity trusts (its OCSP responder
 * answers for real). Expiry of challenges and signing requests needs a moved clock: the identity
 * integration specs cover it with a ManualClock, so no test-only clock switch exists in the services.
 */
describe('sign-in and signed actions through the gateway and the NCALayer emulator', () => {
  let running: TestStack;
  let pkiDir: string;
  let pkiServer: DevPkiServer;
  let emulator: NcaLayerEmulator;
  let url: string;
  const parent = demoPerson('aigerim');
  const noEmail = demoPerson('olga');
  const other = demoPerson('daniyar');
  const queued = DEMO_CHILDREN.find((c) => c.applicant === 'aigerim' && c.key === 'amina')!;
  const withReferral = DEMO_CHILDREN.find((c) => c.applicant === 'aigerim' && c.key === 'alikhan')!;

  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), 'kezek-e2e-pki-'));
    const pki = await DevPki.open({ dir: pkiDir, keys: cachedRsaKeys() });
    await Promise.all(DEMO_PEOPLE.filter((p) => [parent, noEmail, other].includes(p)).map((p) => pki.issue(p)));
    pkiServer = await startDevPkiServer({ pki, port: 0 });
    emulator = await startNcaLayerEmulator({ pki, port: 0 });
    running = await startTestStack({
      workers: false,
      trust: devTrustEnv(pki, pkiServer.url),
      env: { LOG_LEVEL: 'warn' },
      onLine: () => undefined,
    });
    url = running.url;
    // The demo referral as `npm start` issues it: the application out of the queue below.
    await issueDemoReferral(url, sign);
  });

  afterAll(async () => {
    await running?.stop();
    await emulator?.close();
    await pkiServer?.close();
    if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
  });

  type SessionView = {
    accessToken: string;
    refreshToken: string;
    needsEmail: boolean;
    user: { id: string; iin: string; roles: string[] };
  };
  const SESSION = 'accessToken refreshToken needsEmail user { id iin roles }';
  const bearer = (session: SessionView) => ({ authorization: `Bearer ${session.accessToken}` });
  const sign = (xml: string, iin: string, type: 'AUTH' | 'SIGN') => signWithEmulator(emulator.url, xml, { iin, type });
  const challenge = async () =>
    (await gql<{ authChallenge: { xml: string } }>(url, '{ authChallenge { nonce xml expiresAt } }')).data!
      .authChallenge.xml;
  const signIn = (signedXml: string) =>
    gql<{ signIn: SessionView }>(url, `mutation($x: String!) { signIn(signedXml: $x) { ${SESSION} } }`, {
      x: signedXml,
    });
  const signInAs = async (iin: string) => {
    const res = await signIn(await sign(await challenge(), iin, 'AUTH'));
    expect(res.errors).toBeUndefined();
    return res.data!.signIn;
  };
  const refresh = (token: string) =>
    gql<{ refreshSession: SessionView }>(
      url,
      `mutation($t: String!) { refreshSession(refreshToken: $t) { ${SESSION} } }`,
      { t: token },
    );

  it('signs a parent in with the AUTH key and answers me', async () => {
    const session = await signInAs(parent.iin);
    expect(session).toMatchObject({
      needsEmail: false,
      user: { id: parent.id, iin: parent.iin, roles: ['APPLICANT'] },
    });
    const me = await gql<{ me: { id: string; fullName: string } }>(url, '{ me { id fullName } }', {}, bearer(session));
    expect(me.data!.me).toEqual({
      id: parent.id,
      fullName: `${parent.surname} ${parent.givenName} ${parent.patronymic}`,
    });
  });

  it('asks for an e-mail until updateContacts gives one (R9)', async () => {
    const session = await signInAs(noEmail.iin);
    expect(session.needsEmail).toBe(true);
    const updated = await gql<{ updateContacts: { email: string } }>(
      url,
      'mutation { updateContacts(email: "olga@example.kz", phone: "+77015550101") { email } }',
      {},
      bearer(session),
    );
    expect(updated.data!.updateContacts.email).toBe('olga@example.kz');
    expect((await signInAs(noEmail.iin)).needsEmail).toBe(false);
  });

  it('rotates refresh tokens and revokes the family when a rotated one is reused', async () => {
    const first = await signInAs(parent.iin);
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.user.id).toBe(parent.id);
    expect((await refresh(first.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(second.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses the SIGN key for sign-in', async () => {
    const res = await signIn(await sign(await challenge(), parent.iin, 'SIGN'));
    expect(res.errors?.[0].extensions?.code).toBe('WRONG_KEY_USAGE');
  });

  describe('withdrawal (R20), the first signed action', () => {
    const PREPARE = `mutation($id: ID!, $reason: String!) { prepareWithdrawal(applicationId: $id, reason: $reason) { id xml expiresAt } }`;
    const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
      __typename ... on Application { id status queueNumber history { action fromStatus toStatus actor reason signatureId } } } }`;
    type Result = {
      submitSigned: {
        __typename: string;
        id: string;
        status: string;
        queueNumber: number | null;
        history: Array<{ action: string; reason: string | null; signatureId: string | null }>;
      };
    };
    let session: SessionView;
    const prepare = async (reason = 'We moved to another city') => {
      const res = await gql<{ prepareWithdrawal: { id: string; xml: string; expiresAt: string } }>(
        url,
        PREPARE,
        { id: queued.applicationId, reason },
        bearer(session),
      );
      expect(res.errors).toBeUndefined();
      return res.data!.prepareWithdrawal;
    };
    const submit = (requestId: string, signedXml: string) =>
      gql<Result>(url, SUBMIT, { id: requestId, x: signedXml }, bearer(session));

    beforeAll(async () => {
      session = await signInAs(parent.iin);
    });

    it('refuses to prepare from a state out of the queue and a too-short reason, changing nothing', async () => {
      const late = await gql(url, PREPARE, { id: withReferral.applicationId, reason: 'We moved' }, bearer(session));
      expect(late.errors?.[0].extensions?.code).toBe('INVALID_STATE');
      const short = await gql(url, PREPARE, { id: queued.applicationId, reason: 'no' }, bearer(session));
      expect(short.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    });

    it("refuses the AUTH key and another person's signature for the request", async () => {
      const request = await prepare();
      expect(request.xml).toContain('<action>queue.withdraw-application</action>');
      expect(request.xml).toContain(`<signerIin>${parent.iin}</signerIin>`);
      expect((await submit(request.id, await sign(request.xml, parent.iin, 'AUTH'))).errors?.[0].extensions?.code).toBe(
        'WRONG_KEY_USAGE',
      );
      expect((await submit(request.id, await sign(request.xml, other.iin, 'SIGN'))).errors?.[0].extensions?.code).toBe(
        'SIGNER_MISMATCH',
      );
      const app = await gql<{ application: { status: string } }>(
        url,
        `query($id: ID) { application(id: $id) { status } }`,
        { id: queued.applicationId },
        bearer(session),
      );
      expect(app.data!.application.status).toBe('IN_QUEUE');
    });

    it('withdraws the application once, with the signature in its history; a second submit returns the same', async () => {
      const request = await prepare();
      const signedXml = await sign(request.xml, parent.iin, 'SIGN');
      const first = await submit(request.id, signedXml);
      expect(first.errors).toBeUndefined();
      const app = first.data!.submitSigned;
      expect(app).toMatchObject({
        __typename: 'Application',
        id: queued.applicationId,
        status: 'WITHDRAWN',
        queueNumber: null,
      });
      const entry = app.history[app.history.length - 1];
      expect(entry).toMatchObject({
        action: 'WITHDRAWN',
        fromStatus: 'IN_QUEUE',
        toStatus: 'WITHDRAWN',
        actor: parent.id,
        reason: 'We moved to another city',
        signatureId: expect.any(String),
      });

      const second = await submit(request.id, signedXml);
      expect(second.data!.submitSigned).toEqual(app);
      // Another person may not read the result of this request.
      const stranger = await signInAs(other.iin);
      const theirs = await gql<Result>(url, SUBMIT, { id: request.id, x: signedXml }, bearer(stranger));
      expect(theirs.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });
});
