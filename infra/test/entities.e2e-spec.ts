import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { Client } from 'pg';
import { GATEWAY_CREDENTIAL_HEADER, GatewayCredentialSigner, Role } from '@kezek/auth';
import { gql, tokenFor } from '@kezek/testing';
import { SUPERGRAPH_PATH } from '../supergraph/compose';
import { SigningStack, startSigningStack } from './signing-stack';

/**
 * Every entity of every subgraph, asked for DIRECTLY (`_entities`, as the gateway does), the way
 * a host on the cluster network could: without the gateway's credential the subgraph refuses
 * before any resolver; with it but without a token, or with another person's token, no personal
 * data comes back; the owner (the positive control) gets the row. The entities come from the
 * committed supergraph's `@join__type(key:)`, so a new one fails here until it is classified below.
 */

/** The entities: public registry data, or personal data with the SQL of one row (astana) and its owner. */
const ENTITIES: Record<string, { public: string } | { row: string }> = {
  User: { row: `SELECT id, id AS owner FROM identity."user" ORDER BY id LIMIT 1` },
  Application: {
    row: `SELECT id, applicant_id AS owner FROM queue.application WHERE region_id = 'astana' ORDER BY id LIMIT 1`,
  },
  Referral: {
    row: `SELECT r.id, a.applicant_id AS owner FROM queue.referral r JOIN queue.application a ON a.id = r.application_id
          WHERE a.region_id = 'astana' ORDER BY r.id LIMIT 1`,
  },
  Notification: { row: `SELECT id, user_id AS owner FROM notifications.notification ORDER BY id LIMIT 1` },
  Kindergarten: { public: `SELECT id FROM vacancies.kindergarten ORDER BY id LIMIT 1` },
  Group: { public: `SELECT id FROM vacancies."group" ORDER BY id LIMIT 1` },
};

/** `{ type, subgraph }` for every resolvable `@join__type(graph:, key:)` of the supergraph. */
function entitiesOfSupergraph(sdl: string): Array<{ type: string; subgraph: string }> {
  const found: Array<{ type: string; subgraph: string }> = [];
  for (const def of parse(sdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const d of def.directives ?? []) {
      if (d.name.value !== 'join__type') continue;
      const arg = (name: string) => d.arguments?.find((a) => a.name.value === name)?.value;
      const graph = arg('graph');
      const resolvable = arg('resolvable');
      if (!arg('key') || graph?.kind !== Kind.ENUM) continue;
      if (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) continue;
      found.push({ type: def.name.value, subgraph: graph.value.toLowerCase() });
    }
  }
  return found;
}

type Gql = Awaited<ReturnType<typeof gql>>;
type TypeRef = { kind: string; ofType?: TypeRef | null };
const leaf = (t: TypeRef): boolean => (t.ofType ? leaf(t.ofType) : t.kind === 'SCALAR' || t.kind === 'ENUM');

describe('entities served straight from the subgraphs', () => {
  let running: SigningStack;
  let db: Client;
  const entities = entitiesOfSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const url = (subgraph: string) => running.stack.subgraphs.find((s) => s.name === subgraph)!.url;
  const asGateway = async (subgraph: string, extra: Record<string, string> = {}) => ({
    ...(await running.asGateway(subgraph)),
    ...extra,
  });
  const bearer = async (userId: string, roles = [Role.APPLICANT]) => ({
    authorization: `Bearer ${await tokenFor({ userId, roles })}`,
  });

  /** `_entities` for one row of `type`, selecting every leaf field of the type that takes no argument. */
  const fetchEntity = async (
    e: { type: string; subgraph: string },
    id: string,
    headers: Record<string, string>,
    at = url(e.subgraph),
  ) => {
    const introspection = await gql<{
      __type: { fields: Array<{ name: string; args: Array<{ type: TypeRef }>; type: TypeRef }> };
    }>(
      url(e.subgraph),
      `query($t: String!) { __type(name: $t) { fields { name args { type { kind } } type { kind ofType { kind ofType { kind ofType { kind } } } } } } }`,
      { t: e.type },
      await asGateway(e.subgraph),
    );
    const fields = introspection.data!.__type.fields.filter(
      (f) => leaf(f.type) && f.args.every((a) => a.type.kind !== 'NON_NULL'),
    );
    return gql<{ _entities: Array<Record<string, unknown> | null> }>(
      at,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${e.type} { ${fields.map((f) => f.name).join(' ')} } } }`,
      { r: [{ __typename: e.type, id }] },
      headers,
    );
  };

  /** The personal values of a row as its owner sees them (ids and enums aside), which no one else may see. */
  const personalValues = (row: Record<string, unknown>) =>
    Object.entries(row)
      .filter(([k, v]) => k !== 'id' && typeof v === 'string' && v.length >= 4 && !/^[A-Z_]+$/.test(v))
      .map(([, v]) => v as string);
  const expectNone = (res: Gql, values: string[]) => {
    expect((res.data as { _entities?: unknown[] } | undefined)?._entities?.[0] ?? null).toBeNull();
    const text = JSON.stringify(res);
    for (const v of values) expect(text).not.toContain(v);
  };

  beforeAll(async () => {
    // The demo referral (issued through the gateway as `npm start` does) is the Referral row; the
    // notifications worker's notice of it, the Notification row.
    running = await startSigningStack([], { workers: true, withDemoReferral: true, onLine: () => undefined });
    db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    for (let i = 0; (await db.query('SELECT 1 FROM notifications.notification LIMIT 1')).rowCount === 0; i++) {
      if (i > 300) throw new Error('no notice of the demo referral');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await running?.stop();
  });

  it('knows every entity of the supergraph, each classified as public or personal', () => {
    expect(entities.map((e) => e.type).sort()).toEqual(Object.keys(ENTITIES).sort());
    expect(new Set(entities.map((e) => e.subgraph))).toEqual(
      new Set(['identity', 'queue', 'vacancies', 'notifications']),
    );
  });

  it.each(entitiesOfSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8')))(
    '$type of $subgraph: only the gateway is answered, and only those who may see it get it',
    async (e) => {
      const kind = ENTITIES[e.type];
      expect(kind).toBeDefined(); // a new entity: classify it in ENTITIES
      const {
        rows: [row],
      } = await db.query<{ id: string; owner?: string }>('row' in kind ? kind.row : kind.public);
      expect(row).toBeDefined();

      // The owner through the gateway's credential and their token (public data: anyone).
      const owner = await fetchEntity(e, row.id, await asGateway(e.subgraph, row.owner ? await bearer(row.owner) : {}));
      expect(owner.errors).toBeUndefined();
      expect(owner.data!._entities[0]).toMatchObject({ id: row.id });
      const values = 'row' in kind ? personalValues(owner.data!._entities[0]!) : [];

      // No credential, a credential for another subgraph, or one signed with another secret:
      // refused before any resolver (no `data` at all), whatever token comes with it.
      const other = e.subgraph === 'identity' ? 'queue' : 'identity';
      const forged = await new GatewayCredentialSigner('not-the-gateway-secret-0123456789abcdef').sign(
        e.subgraph,
        new Date(),
      );
      const withOwnerToken = row.owner ? await bearer(row.owner) : {};
      for (const headers of [
        {},
        withOwnerToken,
        { ...(await running.asGateway(other)), ...withOwnerToken },
        { [GATEWAY_CREDENTIAL_HEADER]: forged, ...withOwnerToken },
      ]) {
        for (const at of [url(e.subgraph), `${url(e.subgraph)}/`, `${url(e.subgraph)}/x`]) {
          const refused = await fetchEntity(e, row.id, headers, at);
          expect(refused.status).toBe(401);
          expect(refused.data).toBeUndefined();
          expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
          expectNone(refused, values);
        }
      }

      if ('public' in kind) {
        // Public registry data: the gateway's credential is enough.
        expect((await fetchEntity(e, row.id, await asGateway(e.subgraph))).data!._entities[0]).toMatchObject({
          id: row.id,
        });
        return;
      }
      // The gateway's credential without a token, or with another person's (also kindergarten staff's): nothing.
      expectNone(await fetchEntity(e, row.id, await asGateway(e.subgraph)), values);
      expectNone(await fetchEntity(e, row.id, await asGateway(e.subgraph, await bearer(randomUUID()))), values);
      expectNone(
        await fetchEntity(
          e,
          row.id,
          await asGateway(e.subgraph, await bearer(randomUUID(), [Role.APPLICANT, Role.KINDERGARTEN_STAFF])),
        ),
        values,
      );
    },
  );

  it('leaves health to anyone (the internal APIs keep their own service tokens)', async () => {
    for (const s of running.stack.subgraphs) {
      expect((await fetch(s.url.replace(/\/graphql$/, '/health/ready'))).status).toBe(200);
    }
  });

  it('still answers through the gateway, which presents its credential', async () => {
    const {
      rows: [app],
    } = await db.query<{ id: string; owner: string }>((ENTITIES.Application as { row: string }).row);
    const res = await gql<{ application: { id: string; applicant: { id: string } } }>(
      running.url,
      `query($id: ID) { application(id: $id) { id applicant { id iin fullName } } }`,
      { id: app.id },
      await bearer(app.owner),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.application.applicant.id).toBe(app.owner);
    // The SDL for `npm run compose` is read with the credential too; without it, refused.
    const sdl = await gql(url('vacancies'), '{ _service { sdl } }');
    expect(sdl.status).toBe(401);
  });
});
