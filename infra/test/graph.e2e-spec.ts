import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { Client } from 'pg';
import { generateTokenKeyPair, AccessTokenSigner, Role } from '@kezek/auth';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { gql, tokenFor } from '@kezek/testing';
import { Stack } from '../dev/stack';
import { composeFromRunning, SUPERGRAPH_PATH } from '../supergraph/compose';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * The whole graph as deployed: every subgraph and worker in its own process, the gateway in
 * front, real PostgreSQL and Redis, demo data with the demo referral as `npm start` issues it.
 * Everything goes through the gateway.
 */
describe('the federated graph through the gateway', () => {
  let running: SigningStack;
  let stack: Stack;
  let url: string;
  const lines: Array<{ name: string; line: string }> = [];
  const parent = demoPerson('aigerim');
  const child = DEMO_CHILDREN.find((c) => c.applicant === 'aigerim' && c.regionId === 'astana')!;
  const auth = async (p = parent) => ({
    authorization: `Bearer ${await tokenFor({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes })}`,
  });

  beforeAll(async () => {
    running = await startSigningStack([], {
      workers: true,
      withDemoReferral: true,
      // Published seats are free choice at once here: this suite checks publishing through the
      // graph and the search over free seats; seats awaiting their round are offers.e2e-spec's.
      env: { ROUND_GRACE_SECONDS: '0' },
      onLine: (name, line) => lines.push({ name, line }),
    });
    ({ stack, url } = running);
  });

  afterAll(() => running?.stop());

  it('answers a query that spans queue, identity and vacancies', async () => {
    const res = await gql<{
      application: {
        number: string;
        child: { iin: string };
        applicant: { fullName: string; iin: string };
        referrals: Array<{
          number: string;
          status: string;
          group: { groupYear: number; kindergarten: { name: string; regionId: string } };
        }>;
      };
    }>(
      url,
      `query($id: ID) { application(id: $id) { number child { iin } applicant { fullName iin } referrals { number status group { groupYear kindergarten { name regionId } } } } }`,
      { id: child.applicationId },
      await auth(),
    );
    expect(res.errors).toBeUndefined();
    const app = res.data!.application;
    expect(app.child.iin).toBe(child.iin);
    expect(app.applicant).toEqual({
      fullName: `${parent.surname} ${parent.givenName} ${parent.patronymic}`,
      iin: parent.iin,
    });
    expect(app.referrals).toHaveLength(1);
    expect(app.referrals[0]).toMatchObject({ number: running.demoReferral!.number, status: 'ISSUED' });
    expect(app.referrals[0].group.kindergarten.regionId).toBe('astana');
  });

  it('issued the demo referral through the referral code: signed, its seat claimed, its PDF served', async () => {
    expect(running.demoReferral).toMatchObject({ issued: true, number: expect.stringMatching(/\/1$/) });
    const res = await gql<{
      application: {
        status: string;
        history: Array<{ action: string; signatureId: string | null }>;
        documents: Array<{ kind: string; url: string }>;
      };
    }>(
      url,
      `query($id: ID) { application(id: $id) { status history { action signatureId } documents { kind url } } }`,
      { id: child.applicationId },
      await auth(),
    );
    expect(res.errors).toBeUndefined();
    const app = res.data!.application;
    expect(app.status).toBe('REFERRAL_ISSUED');
    expect(app.history.at(-1)).toEqual({ action: 'REFERRAL_ISSUED_FREE_CHOICE', signatureId: expect.any(String) });
    const pdf = await fetch(app.documents.find((d) => d.kind === 'REFERRAL')!.url, { headers: await auth() });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The seat is the referral's at vacancies, its claim committed.
    const db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT status, pending_until FROM vacancies.seat WHERE referral_id = $1`, [
        running.demoReferral!.id,
      ]);
      expect(rows).toEqual([{ status: 'CLAIMED', pending_until: null }]);
    } finally {
      await db.end();
    }
  });

  it("lists a region's kindergartens with their groups and writes instants with the Almaty offset", async () => {
    const res = await gql<{
      kindergartens: Array<{
        name: string;
        location: { lat: number };
        groups: Array<{ groupYear: number; freeSeats: number }>;
      }>;
    }>(url, `{ kindergartens(regionId: "astana") { name location { lat } groups { groupYear language freeSeats } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.kindergartens.length).toBeGreaterThanOrEqual(20);
    expect(
      res.data!.kindergartens.every((k) => k.groups.length > 0 && k.location.lat > 50 && k.location.lat < 52),
    ).toBe(true);

    const mine = await gql<{ application: { createdAt: string } }>(
      url,
      `query($id: ID) { application(id: $id) { createdAt } }`,
      { id: child.applicationId },
      await auth(),
    );
    expect(mine.data!.application.createdAt).toMatch(/\+05:00$/);
    expect(new Date(mine.data!.application.createdAt).toISOString()).toBe(new Date(child.filedAt).toISOString());
  });

  it('lets a district operator publish seats that parents then find, nearest first', async () => {
    type K = {
      id: string;
      location: { lat: number; lng: number };
      groups: Array<{ id: string; groupYear: number; freeSeats: number; capacity: number }>;
    };
    const all = (
      await gql<{ kindergartens: K[] }>(
        url,
        `{ kindergartens(regionId: "astana") { id location { lat lng } groups { id groupYear freeSeats capacity } } }`,
      )
    ).data!.kindergartens;
    const kindergarten = all.find((k) => k.groups.some((g) => g.freeSeats === 0))!;
    const group = kindergarten.groups.find((g) => g.freeSeats === 0)!;
    const publish = `mutation($g: ID!, $n: Int!, $r: ID) { publishSeats(groupId: $g, count: $n, requestId: $r) { id freeSeats } }`;
    const vars = { g: group.id, n: 2, r: `e2e-${group.id}` };

    expect((await gql(url, publish, vars, await auth())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await gql(url, publish, vars, await auth(demoPerson('operator-almaty')))).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const operator = await auth(demoPerson('operator-astana'));
    expect((await gql(url, publish, vars, operator)).data).toEqual({ publishSeats: { id: group.id, freeSeats: 2 } });
    // A retry of the same request publishes nothing more.
    expect((await gql(url, publish, vars, operator)).data).toEqual({ publishSeats: { id: group.id, freeSeats: 2 } });

    const near = await gql<{ kindergartens: Array<{ id: string; distanceKm: number }> }>(
      url,
      `query($y: Int, $p: GeoPointInput) { kindergartens(regionId: "astana", groupYear: $y, withFreeSeats: true, near: $p, radiusKm: 50) { id distanceKm } }`,
      { y: group.groupYear, p: kindergarten.location },
    );
    expect(near.errors).toBeUndefined();
    expect(near.data!.kindergartens[0]).toEqual({ id: kindergarten.id, distanceKm: expect.closeTo(0, 3) });
    const distances = near.data!.kindergartens.map((k) => k.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('refuses a request without a known portal before any subgraph runs', async () => {
    const none = await gql(url, '{ me { id } }', {}, { 'x-kezek-portal': '' });
    expect(none.status).toBe(400);
    expect(none.errors?.[0].extensions).toMatchObject({
      code: 'UNKNOWN_PORTAL',
      messages: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
    });
    const unknown = await gql(url, '{ me { id } }', {}, { 'x-kezek-portal': 'atlantis' });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_PORTAL');
  });

  it('keeps each portal to its own regions', async () => {
    const res = await gql(url, '{ kindergartens(regionId: "almaty") { id } }', {}, { 'x-kezek-portal': 'astana' });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await gql<{ kindergartens: unknown[] }>(
      url,
      '{ kindergartens(regionId: "almaty") { id } }',
      {},
      { 'x-kezek-portal': 'almaty' },
    );
    expect(own.data!.kindergartens.length).toBeGreaterThan(0);
    // The application of an Astana child is invisible through the Almaty portal.
    const app = await gql(
      url,
      `query($id: ID) { application(id: $id) { id } }`,
      { id: child.applicationId },
      { ...(await auth()), 'x-kezek-portal': 'almaty' },
    );
    expect(app.data).toEqual({ application: null });
  });

  it('refuses forged and expired tokens at the gateway', async () => {
    const forger = new AccessTokenSigner(generateTokenKeyPair().privateKeyPem);
    const forged = await forger.sign({ userId: parent.id, iin: parent.iin, roles: [Role.ADMIN] }, new Date());
    const res = await gql(url, '{ me { id } }', {}, { authorization: `Bearer ${forged.token}` });
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const stale = await new AccessTokenSigner(process.env.AUTH_JWT_PRIVATE_KEY!).sign(
      { userId: parent.id, iin: parent.iin, roles: [Role.APPLICANT] },
      new Date(Date.now() - 3600_000),
    );
    const expired = await gql(url, '{ me { id } }', {}, { authorization: `Bearer ${stale.token}` });
    expect(expired.errors?.[0]).toMatchObject({
      message: 'access token expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });

    const malformed = await gql(url, '{ me { id } }', {}, { authorization: 'Basic abc' });
    expect(malformed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const me = await gql<{ me: { iin: string; roles: string[] } }>(url, '{ me { iin roles } }', {}, await auth());
    expect(me.data!.me).toEqual({ iin: parent.iin, roles: ['APPLICANT'] });
  });

  it('limits query depth and cost', async () => {
    const nest = (levels: number): string => (levels === 0 ? 'id' : `groups { kindergarten { ${nest(levels - 1)} } }`);
    const tooDeep = await gql(url, `query { kindergartens(regionId: "astana", withFreeSeats: true) { ${nest(8)} } }`);
    expect(tooDeep.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'depth' } });
    const wide = `{ kindergartens(regionId: "astana") { groups { kindergarten { groups { kindergarten { id name address } } } } } }`;
    const tooCostly = await gql(url, wide);
    expect(tooCostly.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'cost' } });
  });

  it('carries the request id to the subgraphs and keeps tokens and IINs out of the logs', async () => {
    const requestId = `e2e-${Date.now()}`;
    const headers = { ...(await auth()), 'x-request-id': requestId };
    const post = (query: string, variables: Record<string, unknown>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kezek-portal': 'astana', ...headers },
        body: JSON.stringify({ query, variables }),
      });
    const res = await post(`query($id: ID) { application(id: $id) { id applicant { id fullName } } }`, {
      id: child.applicationId,
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(
      ((await res.json()) as { data: { application: { applicant: { id: string } } } }).data.application.applicant.id,
    ).toBe(parent.id);
    await post(`query($n: String) { application(number: $n) { id } }`, { n: child.iin });
    await new Promise((r) => setTimeout(r, 300)); // let the processes flush their log lines
    const tagged = lines.filter((l) => l.line.includes(requestId));
    expect(new Set(tagged.map((l) => l.name))).toEqual(new Set(['gateway', 'queue', 'identity']));
    const all = lines.map((l) => l.line).join('\n');
    expect(all).not.toContain(headers.authorization.slice(7));
    expect(all).not.toContain(child.iin);
  });

  it('serves the playground and its assets from the gateway itself', async () => {
    const base = url.replace(/\/graphql$/, '');
    const page = await fetch(`${base}/playground`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const res = await fetch(`${base}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(50);
    }
    const browser = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await browser.text()).toContain('/playground/graphiql.js');
    // The playground loads the schema with the full introspection query: it must not hit the limits.
    const schema = await gql<{ __schema: { types: unknown[] } }>(url, getIntrospectionQuery());
    expect(schema.errors).toBeUndefined();
    expect(schema.data!.__schema.types.length).toBeGreaterThan(20);
  });

  it('reports health: the gateway with its subgraphs, each service live and ready', async () => {
    const base = url.replace(/\/graphql$/, '');
    const health = await (await fetch(`${base}/health`)).json();
    expect(health).toEqual({
      status: 'ok',
      ok: true,
      subgraphs: { identity: 'up', queue: 'up', vacancies: 'up', notifications: 'up' },
    });
    for (const p of stack.processes.filter((p) => p.name !== 'gateway')) {
      expect((await fetch(`${p.url}/health/live`)).status).toBe(200);
      const ready = await (await fetch(`${p.url}/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    }
  });

  it("keeps callers' idle connections past a load balancer's minute, at the gateway and every service", async () => {
    // Node's default (5 s) races a caller reusing an idle connection: "other side closed", no answer.
    const base = url.replace(/\/graphql$/, '');
    const services = stack.processes.filter((p) => p.name !== 'gateway').map((p) => `${p.url}/health/live`);
    for (const at of [`${base}/health/clock`, ...services]) {
      const res = await fetch(at);
      await res.arrayBuffer();
      expect(res.headers.get('keep-alive')).toBe('timeout=65');
    }
  });

  it('is served from a committed supergraph that matches the subgraphs (run `npm run compose`)', async () => {
    expect(await composeFromRunning(stack.subgraphs, stack.gatewaySecret)).toBe(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  });
});
