import { createServer, Server } from 'node:http';
import { errorExtensions, fixedMessages } from '@kezek/errors';
import { RunningGateway } from '../src/gateway';
import { gatewayInFrontOf } from './stub-graph';

/**
 * What a subgraph answers while its PostgreSQL is down (libs/subgraph executionStatus, tested on
 * the vacancies app in services/vacancies/test/database-outage.integration-spec.ts).
 */
const UNAVAILABLE = {
  data: null,
  errors: [
    {
      message: fixedMessages('SERVICE_UNAVAILABLE').en,
      path: ['regions'],
      extensions: errorExtensions('SERVICE_UNAVAILABLE'),
    },
  ],
};

describe('the gateway in front of a subgraph whose database is down', () => {
  let subgraph: Server;
  let gateway: RunningGateway;
  let answer: { status: number; body: unknown } = { status: 503, body: UNAVAILABLE };

  beforeAll(async () => {
    subgraph = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = answer.status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer.body));
      });
    });
    gateway = await gatewayInFrontOf(subgraph);
  });

  afterAll(async () => {
    await gateway?.stop();
    subgraph?.close();
  });

  const regions = async () => {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kezek-portal': 'astana' },
      body: JSON.stringify({ query: '{ regions { id } }' }),
    });
    return { status: res.status, body: (await res.json()) as { errors?: Array<{ extensions?: unknown }> } };
  };

  it('passes SERVICE_UNAVAILABLE on with HTTP 503, not a masked INTERNAL_SERVER_ERROR', async () => {
    answer = { status: 503, body: UNAVAILABLE };
    const out = await regions();
    expect(out.status).toBe(503);
    expect(out.body.errors).toEqual([
      expect.objectContaining({
        message: fixedMessages('SERVICE_UNAVAILABLE').en,
        extensions: expect.objectContaining({
          code: 'SERVICE_UNAVAILABLE',
          messages: fixedMessages('SERVICE_UNAVAILABLE'),
        }),
      }),
    ]);
  });

  it('answers 503 for SERVICE_UNAVAILABLE a subgraph answered with 200 (a refusal of its own)', async () => {
    answer = { status: 200, body: UNAVAILABLE };
    const out = await regions();
    expect(out.status).toBe(503);
    expect(out.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('still masks any other failure of a subgraph', async () => {
    answer = { status: 500, body: { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
    const out = await regions();
    expect(out.status).toBe(200);
    expect(out.body.errors?.[0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
