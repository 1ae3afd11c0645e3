import { readFileSync } from 'node:fs';
import { isRequiredArgument } from 'graphql';
import { Client } from 'pg';
import { ManualClock } from '@kezek/clock';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';
import { ERROR_MESSAGES } from '@kezek/errors';
import { tokenFor } from '@kezek/testing';
import { SUPERGRAPH_PATH } from '../supergraph/compose';
import {
  aliasedQuery,
  deepQuery,
  encodeBody,
  HostileCase,
  MARKERS,
  SIGNED_XML,
  supergraphSchema,
  sweptOperations,
  hostileCases,
} from './hostile/operations';
import { startTestStack, TestStack } from './test-stack';

/**
 * The sweep that walks every operation of the committed supergraph with hostile input (issue 12):
 * wrong types, nulls, empty, 1 MB, control characters, lone surrogates and invalid UTF-8 in every
 * argument (as an ADMIN, so every resolver's validation is reached); every operation without a
 * portal, with an unknown one, without a token, with an expired one and with another person's;
 * deep nesting, 1,000 aliases, a batched body and a huge GET. Every call answers JSON with data or
 * documented codes (never INTERNAL_SERVER_ERROR, a stack or a path) within a bound, the database is
 * unchanged afterwards and no log line holds what was sent. The operations come from the
 * supergraph (`hostile/operations.ts`), so a new one is swept without a new test.
 */

/** A single call's answer may take this long at most, 1 MB bodies on a loaded CI machine included. */
const BOUND_MS = 5_000;
/** Calls in flight at once: the sweep has hundreds of calls, the machine two cores. */
const PARALLEL = 6;
const DOCUMENTED = new Set(Object.keys(ERROR_MESSAGES).filter((c) => c !== 'INTERNAL_SERVER_ERROR'));
const SECRETS = [MARKERS.iin, MARKERS.token, MARKERS.signature, 'ds:SignatureValue', 'hostile-sweep'];
/**
 * Tables a refused call may legitimately write to, each with its reason:
 * - identity.auth_challenge: `authChallenge` stores the challenge it returns (the one Query field
 *   with a side effect, QUERY_FIELDS_WITH_SIDE_EFFECTS in gateway/src/limits.ts); answered to
 *   anybody with a known portal, so "no token" and "another person's token" store one each.
 */
// A `null` language is a valid choice (the person's default): the sweep's ADMIN sets its own preferences.
const MAY_CHANGE = new Set(['identity.auth_challenge', 'notifications.notification_preference']);
interface Answer {
  status: number;
  text: string;
  ms: number;
}

describe('hostile input: every operation of the supergraph', () => {
  let running: TestStack;
  let db: Client;
  const lines: string[] = [];
  const schema = supergraphSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const operations = sweptOperations(schema);
  let before: Map<string, string>;
  const admin = demoPerson('admin');
  const owner = demoPerson('aigerim');
  const other = demoPerson('daniyar');
  const tokens: Record<'admin' | 'owner' | 'other' | 'expired', string> = {
    admin: '',
    owner: '',
    other: '',
    expired: '',
  };
  /** Rows of `owner` for the arguments that name one, so "another person's token" asks for them. */
  const owned: Record<string, unknown> = {};
  /** Astana's rows by argument name, asked for through another portal; and what would show them in an answer. */
  const astana: Record<string, unknown> = {};
  const astanaMarkers: string[] = [];

  /** A fingerprint (row count and hash of every row) of every table of every schema of the stack's database. */
  async function fingerprint(): Promise<Map<string, string>> {
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1`,
    );
    const result = new Map<string, string>();
    for (const { name } of tables) {
      const { rows } = await db.query<{ n: string; h: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS h FROM ${name} t`,
      );
      result.set(name.replace(/"/g, ''), `${rows[0].n} rows, ${rows[0].h}`);
    }
    return result;
  }

  beforeAll(async () => {
    running = await startTestStack({
      workers: false,
      env: {
        // Each request's own line too: none may carry a secret.
        LOG_LEVEL: 'debug',
        RATE_LIMIT_ANONYMOUS_PER_CLIENT: '1000',
        RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT: '1000',
        RATE_LIMIT_ANONYMOUS_PER_PORTAL: '2000',
      },
      onLine: (name, line) => lines.push(`${name}: ${line}`),
    });
    db = new Client({ connectionString: running.databaseUrl });
    await db.connect();
    const person = (p: typeof admin) => ({ userId: p.id, iin: p.iin, roles: p.roles, scopes: p.scopes });
    tokens.admin = await tokenFor(person(admin));
    tokens.other = await tokenFor(person(other));
    tokens.owner = await tokenFor(person(owner));
    tokens.expired = await tokenFor(person(owner), new ManualClock(new Date(Date.now() - 24 * 3600_000)));
    const application = DEMO_CHILDREN.find((c) => c.applicant === owner.key && c.regionId === 'astana')!;
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM notifications.notification WHERE user_id = $1 ORDER BY id LIMIT 1',
      [owner.id],
    );
    Object.assign(owned, {
      'Query.application.id': application.applicationId,
      'Mutation.prepareWithdrawal.applicationId': application.applicationId,
      'Mutation.markNotificationRead.id': rows[0]?.id,
    });
    const {
      rows: [app],
    } = await db.query<{ number: string; child: string }>(
      'SELECT number, child_full_name AS child FROM queue.application WHERE id = $1',
      [application.applicationId],
    );
    const {
      rows: [kg],
    } = await db.query<{ id: string; name: string; group: string }>(
      `SELECT k.id, k.name_ru AS name, g.id AS group FROM vacancies.kindergarten k JOIN vacancies."group" g ON g.kindergarten_id = k.id
        WHERE k.region_id = 'astana' ORDER BY k.id, g.id LIMIT 1`,
    );
    Object.assign(astana, {
      applicationId: application.applicationId,
      id: application.applicationId,
      kindergartenId: kg.id,
      groupId: kg.group,
      groupIds: [kg.group],
      regionId: 'astana',
      queueAreaId: 'astana',
    });
    astanaMarkers.push(application.applicationId, app.number, app.child, kg.id, kg.name, kg.group);
    before = await fingerprint();
  });

  afterAll(async () => {
    await db?.end();
    await running?.stop();
  });

  async function send(body: Buffer | undefined, headers: Record<string, string>, url = running.url): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/json', ...headers } : headers,
      body: body ? new Uint8Array(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, ms: Math.round(performance.now() - started) };
  }

  /** What is wrong with an answer, or null: JSON, data or documented codes only, nothing leaked, in time. */
  function problem(a: Answer): string | null {
    if (a.ms > BOUND_MS) return `took ${a.ms} ms`;
    let body: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> } | unknown[];
    try {
      body = JSON.parse(a.text) as typeof body;
    } catch {
      return `${a.status} not JSON: ${a.text.slice(0, 120)}`;
    }
    if (Array.isArray(body)) return `${a.status} answered a batch`;
    const errors = JSON.stringify(body.errors ?? []);
    if (/stacktrace|<html|\bat \S+ \(|\/work\/|node_modules|\.[jt]s:\d/i.test(errors))
      return `${a.status} leaks: ${errors}`;
    for (const s of SECRETS) if (errors.includes(s)) return `${a.status} echoes a secret: ${errors.slice(0, 200)}`;
    if (!body.errors?.length) return body.data ? null : `${a.status} neither data nor errors`;
    const codes = body.errors.map((e) => e.extensions?.code);
    const undocumented = codes.filter((c) => typeof c !== 'string' || !DOCUMENTED.has(c));
    return undocumented.length ? `${a.status} codes ${codes.join(',')}: ${errors.slice(0, 300)}` : null;
  }

  /** Runs `calls` PARALLEL at a time; returns `name: problem` for every call with one. */
  async function sweep(calls: Array<{ name: string; run: () => Promise<Answer> }>): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < calls.length) {
        const call = calls[next++];
        const found = problem(await call.run());
        if (found) problems.push(`${call.name}: ${found}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
    return problems.sort();
  }

  const asAdmin = (c: HostileCase) => ({
    name: c.name,
    run: () =>
      send(encodeBody({ query: c.operation.query, variables: c.variables }), {
        'x-kezek-portal': 'astana',
        authorization: `Bearer ${tokens.admin}`,
      }),
  });

  const cases = hostileCases(operations, schema);

  it('answers every hostile argument of every operation with a documented code, in time', async () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(await sweep(cases.map(asAdmin))).toEqual([]);
  });

  it('answers every operation without a portal, an unknown portal, no token, an expired or another token', async () => {
    const variations: Array<[string, Record<string, string>]> = [
      ['no portal header', { authorization: `Bearer ${tokens.other}` }],
      ['unknown portal', { 'x-kezek-portal': `${MARKERS.iin}-nowhere`, authorization: `Bearer ${tokens.other}` }],
      ['no token', { 'x-kezek-portal': 'astana' }],
      ['expired token', { 'x-kezek-portal': 'astana', authorization: `Bearer ${tokens.expired}` }],
      ["another person's token", { 'x-kezek-portal': 'astana', authorization: `Bearer ${tokens.other}` }],
      ['a forged token', { 'x-kezek-portal': 'astana', authorization: `Bearer ${MARKERS.token}` }],
    ];
    const calls = operations.flatMap((o) =>
      variations.map(([what, headers]) => {
        const variables = Object.fromEntries(
          Object.entries(o.variables).map(([k, v]) => [k, owned[`${o.name}.${k}`] ?? v]),
        );
        return {
          name: `${o.name}: ${what}`,
          run: () => send(encodeBody({ query: o.query, variables }), headers),
        };
      }),
    );
    expect(await sweep(calls)).toEqual([]);
  });

  /** An operation's variables naming astana's rows; an optional argument without one is left out, so none is refused for it. */
  const astanaVariables = (o: (typeof operations)[number]) => {
    const root = o.kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const args = root.getFields()[o.field].args;
    return Object.fromEntries(
      args.flatMap((a) => {
        const mine =
          a.name === 'id' && o.name.includes('Notification')
            ? owned['Mutation.markNotificationRead.id']
            : astana[a.name];
        if (mine !== undefined) return [[a.name, mine]];
        return isRequiredArgument(a) ? [[a.name, o.variables[a.name]]] : [];
      }),
    );
  };

  it("gives nothing of one portal's rows through another portal (tenants), to its ADMIN or to their owner", async () => {
    const leaks: string[] = [];
    const calls = operations.flatMap((o) => {
      const variables = astanaVariables(o);
      return (['admin', 'owner'] as const).map((who) => ({
        name: `${o.name} through almaty as ${who}`,
        run: async () => {
          const token = who === 'admin' ? tokens.admin : tokens.owner;
          const a = await send(encodeBody({ query: o.query, variables }), {
            'x-kezek-portal': 'almaty',
            authorization: `Bearer ${token}`,
          });
          const data = JSON.stringify((JSON.parse(a.text) as { data?: unknown }).data ?? null);
          const shown = astanaMarkers.filter((m) => data.includes(m));
          if (shown.length) leaks.push(`${o.name} through almaty as ${who} shows ${shown.length} of astana's facts`);
          return a;
        },
      }));
    });
    expect(await sweep(calls)).toEqual([]);
    expect(leaks.sort()).toEqual([]);
    // The same questions through astana itself show its facts: the markers and the ids are right.
    for (const name of ['Query.application', 'Query.kindergartens']) {
      const o = operations.find((op) => op.name === name)!;
      const a = await send(encodeBody({ query: o.query, variables: astanaVariables(o) }), {
        'x-kezek-portal': 'astana',
        authorization: `Bearer ${tokens.owner}`,
      });
      expect({ name, shown: astanaMarkers.some((m) => a.text.includes(m)) }).toEqual({ name, shown: true });
    }
  });

  const code = (a: Answer) =>
    (JSON.parse(a.text) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0]?.extensions.code;

  it('refuses nesting past MAX_QUERY_DEPTH with QUERY_TOO_COMPLEX', async () => {
    const deep = deepQuery(schema, 40)!;
    const a = await send(encodeBody(deep), { 'x-kezek-portal': 'astana', authorization: `Bearer ${tokens.admin}` });
    expect(problem(a)).toBeNull();
    expect(code(a)).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers 1,000 aliases of a query field in time', async () => {
    const a = await send(encodeBody({ query: aliasedQuery(schema, 1000) }), {
      'x-kezek-portal': 'astana',
      authorization: `Bearer ${tokens.admin}`,
    });
    expect(problem(a)).toBeNull();
  });

  it('refuses a batched array body with BAD_REQUEST (batching is off: Apollo Server 5 default)', async () => {
    const one = { query: operations.find((o) => o.name === 'Query.regions')!.query };
    const a = await send(encodeBody([one, one]), { 'x-kezek-portal': 'astana' });
    expect(problem(a)).toBeNull();
    expect({ status: a.status, code: code(a) }).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it('answers a GET with a long query string with JSON', async () => {
    const query = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const a = await send(
      undefined,
      { 'x-kezek-portal': 'astana', 'apollo-require-preflight': 'true' },
      `${running.url}?query=${encodeURIComponent(query)}&x=${MARKERS.iin}`,
    );
    expect(problem(a)).toBeNull();
  });

  it('answers a GET with a huge query string (over the HTTP header limit) with JSON', async () => {
    const a = await send(
      undefined,
      { 'x-kezek-portal': 'astana', 'apollo-require-preflight': 'true' },
      `${running.url}?query=${encodeURIComponent(`{ __typename } # ${SIGNED_XML.repeat(400)}`)}`,
    );
    expect(problem(a)).toBeNull();
  });

  it('changed nothing in any table of any service', async () => {
    const after = await fingerprint();
    const changed = [...after].filter(([t, f]) => before.get(t) !== f && !MAY_CHANGE.has(t)).map(([t]) => t);
    expect(changed).toEqual([]);
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it('wrote none of what it sent into any log line', async () => {
    await new Promise((r) => setTimeout(r, 500));
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of SECRETS)
      expect(lines.filter((l) => l.includes(secret)).map((l) => l.slice(0, 300))).toEqual([]);
    const internal = lines.filter((l) => /"level":(50|60)|INTERNAL_SERVER_ERROR|unexpected error/.test(l));
    expect(internal.map((l) => l.slice(0, 300))).toEqual([]);
  });
});
