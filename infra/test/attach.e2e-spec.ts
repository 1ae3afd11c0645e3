import { Client } from 'pg';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { DevCivilRegistry, startDevCivilRegistry } from '@kezek/dev-civil-registry';
import { gql } from '@kezek/testing';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * R9 as a portal does it: the children's father (the dev civil registry lists him beside the
 * mother who filed) attaches an application with his SIGN key through the NCALayer emulator and
 * the gateway; a stopped registry refuses and changes nothing. The public "queue number" lookup
 * answers without sign-in and is rate-limited per client address.
 */
describe('attaching an application (R9) and the public lookup through the gateway', () => {
  let running: SigningStack;
  let registry: DevCivilRegistry;
  let url: string;
  const LOOKUPS_PER_CLIENT = 3;
  const father = demoPerson('dauren');
  const stranger = demoPerson('daniyar');
  const amina = DEMO_CHILDREN.find((c) => c.key === 'amina')!;
  const alikhan = DEMO_CHILDREN.find((c) => c.key === 'alikhan')!;
  const numbers = new Map<string, string>();

  beforeAll(async () => {
    registry = await startDevCivilRegistry({ port: 0 });
    running = await startSigningStack([father, stranger], {
      workers: false,
      civilRegistryUrl: registry.url,
      env: {
        LOG_LEVEL: 'warn',
        // The lookups name their client in X-Forwarded-For, as an ingress would.
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT: String(LOOKUPS_PER_CLIENT),
        CIVIL_REGISTRY_TIMEOUT_MS: '2000',
      },
      onLine: () => undefined,
    });
    url = running.url;
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    try {
      const rows = (await db.query('SELECT id, number FROM queue.application')).rows as Array<{
        id: string;
        number: string;
      }>;
      for (const r of rows) numbers.set(r.id, r.number);
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    await running?.stop();
    await registry?.close();
  });

  const sign = (xml: string, iin: string, type: 'AUTH' | 'SIGN') => running.sign(xml, iin, type);
  const signInAs = async (iin: string) => ({ authorization: `Bearer ${await running.signIn(iin)}` });
  const PREPARE = `mutation($n: String!, $c: String!) { prepareAttachApplication(number: $n, childIin: $c) { id xml } }`;
  const SUBMIT = `mutation($id: ID!, $x: String!) { submitSigned(requestId: $id, signedXml: $x) {
    ... on Application { id status history { action actor signatureId } } } }`;
  type Submitted = {
    submitSigned: {
      id: string;
      status: string;
      history: Array<{ action: string; actor: string; signatureId: string }>;
    };
  };
  const prepare = (auth: Record<string, string>, n: string, c: string) =>
    gql<{ prepareAttachApplication: { id: string; xml: string } }>(url, PREPARE, { n, c }, auth);
  const submit = (auth: Record<string, string>, id: string, x: string) => gql<Submitted>(url, SUBMIT, { id, x }, auth);
  const sees = async (auth: Record<string, string>, id: string) => {
    const res = await gql<{ application: { id: string } | null; myApplications: { items: Array<{ id: string }> } }>(
      url,
      'query($id: ID) { application(id: $id) { id } myApplications { items { id } } }',
      { id },
      auth,
    );
    expect(res.errors).toBeUndefined();
    const inJournal = res.data!.myApplications.items.some((a) => a.id === id);
    expect(res.data!.application !== null).toBe(inJournal);
    return inJournal;
  };

  it("lets the father attach his child's application with his SIGN key; he then sees it and may act on it", async () => {
    const auth = await signInAs(father.iin);
    expect(await sees(auth, amina.applicationId)).toBe(false);
    const request = await prepare(auth, numbers.get(amina.applicationId)!, amina.iin);
    expect(request.errors).toBeUndefined();
    const { id, xml } = request.data!.prepareAttachApplication;
    expect(xml).toContain('<action>queue.attach-application</action>');
    expect(xml).toContain(`<signerIin>${father.iin}</signerIin>`);
    const signedXml = await sign(xml, father.iin, 'SIGN');
    const first = await submit(auth, id, signedXml);
    expect(first.errors).toBeUndefined();
    const app = first.data!.submitSigned;
    expect(app).toMatchObject({ id: amina.applicationId, status: 'IN_QUEUE' });
    expect(app.history.at(-1)).toEqual({ action: 'ATTACHED', actor: father.id, signatureId: expect.any(String) });
    // A second submit of the same request returns the same and attaches nothing twice.
    expect((await submit(auth, id, signedXml)).data!.submitSigned).toEqual(app);

    expect(await sees(auth, amina.applicationId)).toBe(true);
    const withdrawal = await gql(
      url,
      'mutation($id: ID!) { prepareWithdrawal(applicationId: $id, reason: "We moved to Almaty") { id } }',
      { id: amina.applicationId },
      auth,
    );
    expect(withdrawal.errors).toBeUndefined();
    // Once attached, a second attach is refused.
    expect((await prepare(auth, numbers.get(amina.applicationId)!, amina.iin)).errors?.[0].extensions?.code).toBe(
      'ALREADY_AN_APPLICANT',
    );
  });

  it('refuses a person the registry does not list (NOT_A_PARENT) and a number with another IIN (NOT_FOUND)', async () => {
    const theirs = await signInAs(stranger.iin);
    expect((await prepare(theirs, numbers.get(amina.applicationId)!, amina.iin)).errors?.[0].extensions?.code).toBe(
      'NOT_A_PARENT',
    );
    const auth = await signInAs(father.iin);
    expect((await prepare(auth, numbers.get(alikhan.applicationId)!, amina.iin)).errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
    });
    expect(await sees(theirs, amina.applicationId)).toBe(false);
  });

  it('is CIVIL_REGISTRY_UNAVAILABLE, changing nothing, while the registry is stopped; the same request succeeds once it is back', async () => {
    const auth = await signInAs(father.iin);
    const number = numbers.get(alikhan.applicationId)!;
    const request = (await prepare(auth, number, alikhan.iin)).data!.prepareAttachApplication;
    const signedXml = await sign(request.xml, father.iin, 'SIGN');
    const port = registry.port;
    await registry.close();
    try {
      const refused = await prepare(auth, number, alikhan.iin);
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'CIVIL_REGISTRY_UNAVAILABLE',
        messages: { en: 'The civil registry is not available right now. Try again later.' },
      });
      // Asked again when performed: nothing is attached while it does not answer.
      expect((await submit(auth, request.id, signedXml)).errors?.[0].extensions?.code).toBe(
        'CIVIL_REGISTRY_UNAVAILABLE',
      );
      expect(await sees(auth, alikhan.applicationId)).toBe(false);
    } finally {
      registry = await startDevCivilRegistry({ port });
    }
    const done = await submit(auth, request.id, signedXml);
    expect(done.errors).toBeUndefined();
    expect(done.data!.submitSigned.history.at(-1)).toMatchObject({ action: 'ATTACHED', actor: father.id });
    expect(await sees(auth, alikhan.applicationId)).toBe(true);
  });

  describe('the public queue number lookup', () => {
    const LOOKUP = `query($n: String!, $c: String!) { queuePosition(number: $n, childIin: $c) {
      status groupYear queueNumber privilegedQueueNumber } }`;
    const lookup = async (from: string, n: string, c: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kezek-portal': 'astana', 'x-forwarded-for': from },
        body: JSON.stringify({ query: LOOKUP, variables: { n, c } }),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          data?: { queuePosition: unknown } | null;
          errors?: Array<{ extensions?: Record<string, unknown> }>;
        },
      };
    };

    it('answers status and both numbers without sign-in, and null when number and IIN do not match', async () => {
      const answer = await lookup('192.0.2.20', numbers.get(amina.applicationId)!, amina.iin);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.queuePosition).toEqual({
        status: 'IN_QUEUE',
        groupYear: 2024,
        queueNumber: expect.any(Number),
        privilegedQueueNumber: expect.any(Number),
      });
      const mismatch = await lookup('192.0.2.20', numbers.get(amina.applicationId)!, alikhan.iin);
      expect(mismatch.body).toEqual({ data: { queuePosition: null } });
    });

    it('answers RATE_LIMITED with kk/ru/en messages after the allowance of one address', async () => {
      const from = '203.0.113.40';
      for (let i = 0; i < LOOKUPS_PER_CLIENT; i++)
        expect((await lookup(from, numbers.get(amina.applicationId)!, amina.iin)).body.errors).toBeUndefined();
      const refused = await lookup(from, numbers.get(amina.applicationId)!, amina.iin);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        messages: { kk: expect.any(String), ru: expect.any(String), en: 'Too many requests. Try again in a minute.' },
        details: { field: 'queuePosition' },
      });
      // Another address has its own allowance.
      expect((await lookup('203.0.113.41', numbers.get(amina.applicationId)!, amina.iin)).body.errors).toBeUndefined();
    });
  });
});
