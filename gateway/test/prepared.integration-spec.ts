import { createServer, Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { errorExtensions, fixedMessages } from '@kezek/errors';
import { tokenFor } from '@kezek/testing';
import { RunningGateway } from '../src/gateway';
import { gatewayInFrontOf } from './stub-graph';

/** What the stub subgraph answers the gateway's next call. */
interface SubgraphAnswer {
  status: number;
  body: unknown;
  contentType?: string;
}

interface Case {
  name: string;
  subgraph: SubgraphAnswer;
  query: string;
  variables?: unknown;
  operationName?: string;
  headers?: Record<string, string>;
  /** Refused before execution: Apollo answers every time (the prepared path gives way). */
  apolloEveryTime?: boolean;
}

const REGIONS: SubgraphAnswer = { status: 200, body: { data: { regions: [{ id: 'r1' }, { id: 'r2' }] } } };

const CASES: Case[] = [
  { name: 'an answer', subgraph: REGIONS, query: '{ regions { id } }' },
  {
    name: 'a named operation among two, with variables',
    subgraph: { status: 200, body: { data: { unreachedNotices: [] } } },
    query: 'query A { regions { id } } query B($first: Int) { unreachedNotices(first: $first) { kind } }',
    operationName: 'B',
    variables: { first: 5 },
  },
  { name: 'null operationName and variables', subgraph: REGIONS, query: '{ regions { id nameKk } }', variables: null },
  {
    name: "a subgraph's refusal with its messages",
    subgraph: {
      status: 200,
      body: {
        data: null,
        errors: [{ message: 'not found', path: ['regions'], extensions: errorExtensions('NOT_FOUND') }],
      },
    },
    query: '{ regions { id nameRu } }',
  },
  {
    name: 'partial data with an error',
    subgraph: {
      status: 200,
      body: {
        data: { regions: [{ id: 'r1', nameKk: null }] },
        errors: [{ message: 'boom', path: ['regions', 0, 'nameKk'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      },
    },
    query: '# partial\n{ regions { id nameKk } }',
  },
  {
    name: 'SERVICE_UNAVAILABLE (503)',
    subgraph: {
      status: 503,
      body: {
        data: null,
        errors: [
          {
            message: fixedMessages('SERVICE_UNAVAILABLE').en,
            path: ['regions'],
            extensions: errorExtensions('SERVICE_UNAVAILABLE'),
          },
        ],
      },
    },
    query: '# unavailable\n{ regions { id } }',
  },
  {
    name: 'a subgraph answering HTML',
    subgraph: { status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' },
    query: '# html\n{ regions { id } }',
  },
  {
    name: 'accept: application/graphql-response+json',
    subgraph: REGIONS,
    query: '# graphql-response\n{ regions { id } }',
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
  },
  { name: 'accept: */*', subgraph: REGIONS, query: '# any\n{ regions { id } }', headers: { accept: '*/*' } },
  {
    name: 'a signed-in caller',
    subgraph: { status: 200, body: { data: { myNotifications: [] } } },
    query: '{ myNotifications { id } }',
    headers: { authorization: 'token' },
  },
  {
    name: 'variables of the wrong type',
    subgraph: REGIONS,
    query: 'query C($first: Int) { unreachedNotices(first: $first) { kind } }',
    variables: { first: 'many' },
    apolloEveryTime: true,
  },
  {
    name: 'an unknown portal',
    subgraph: REGIONS,
    query: '# atlantis\n{ regions { id } }',
    headers: { 'x-kezek-portal': 'atlantis' },
    apolloEveryTime: true,
  },
  {
    name: 'a token that is not one',
    subgraph: REGIONS,
    query: '# nonsense\n{ regions { id } }',
    headers: { authorization: 'Bearer nonsense' },
    apolloEveryTime: true,
  },
  {
    name: 'a query over the depth limit',
    subgraph: REGIONS,
    query: '{ kindergartens(regionId: "r1") { groups { kindergarten { id } } } }',
    apolloEveryTime: true,
  },
];

/** Headers that differ between any two answers. */
const PER_ANSWER = new Set(['date', 'x-request-id']);

/**
 * The gateway answers an operation Apollo Server accepted before by itself (src/prepared.ts): the
 * second of two identical requests must get the answer the first got from Apollo, byte for byte —
 * status, headers and body — for answers, subgraph refusals, 503, masked failures and accept
 * headers; and a request refused before execution is still refused by Apollo.
 */
describe('prepared operations answer as Apollo Server does', () => {
  let subgraph: Server;
  let gateway: RunningGateway;
  let next: SubgraphAnswer = REGIONS;
  let token: string;

  beforeAll(async () => {
    subgraph = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = next.status;
        res.setHeader('content-type', next.contentType ?? 'application/json');
        res.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
      });
    });
    gateway = await gatewayInFrontOf(subgraph, { MAX_QUERY_DEPTH: '2', RATE_LIMIT_ANONYMOUS_PER_CLIENT: '3' });
    token = await tokenFor({ userId: 'u-prepared' });
  });

  afterAll(async () => {
    await gateway?.stop();
    subgraph?.close();
  });

  async function send(c: Case) {
    next = c.subgraph;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-kezek-portal': 'astana',
      ...c.headers,
    };
    if (headers.authorization === 'token') headers.authorization = `Bearer ${token}`;
    const body: Record<string, unknown> = { query: c.query };
    if ('variables' in c) body.variables = c.variables;
    if (c.operationName) body.operationName = c.operationName;
    const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
    const answered: Array<[string, string]> = [];
    res.headers.forEach((value, name) => PER_ANSWER.has(name) || answered.push([name, value]));
    return { status: res.status, headers: answered, body: await res.text() };
  }

  it.each(CASES)('$name', async (c) => {
    const apollo = jest.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');
    try {
      const first = await send(c);
      const second = await send(c);
      expect(second).toEqual(first);
      expect(apollo).toHaveBeenCalledTimes(c.apolloEveryTime ? 2 : 1);
    } finally {
      apollo.mockRestore();
    }
  });

  it('counts its runs against the rate limit as Apollo counts them', async () => {
    const challenge: Case = {
      name: 'authChallenge',
      subgraph: { status: 200, body: { data: { authChallenge: { nonce: 'n' } } } },
      query: '{ authChallenge { nonce } }',
    };
    const apollo = jest.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(challenge)).status);
      const refused = await send(challenge);
      expect([...statuses, refused.status]).toEqual([200, 200, 200, 429, 429]);
      expect(refused.headers).toContainEqual(['retry-after', expect.stringMatching(/^\d+$/)]);
      // The first run, then each refusal: the refusals are Apollo's.
      expect(apollo).toHaveBeenCalledTimes(3);
    } finally {
      apollo.mockRestore();
    }
  });

  it('answers what the subgraph answers now, not what it answered before', async () => {
    const query = '# now\n{ regions { id } }';
    const first = await send({ name: 'before', subgraph: REGIONS, query });
    const second = await send({ name: 'after', subgraph: { status: 200, body: { data: { regions: [] } } }, query });
    expect(JSON.parse(first.body)).toEqual({ data: { regions: [{ id: 'r1' }, { id: 'r2' }] } });
    expect(JSON.parse(second.body)).toEqual({ data: { regions: [] } });
  });
});
