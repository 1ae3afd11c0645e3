import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { serveGraphqlDirectly } from './direct-graphql';

describe('serveGraphqlDirectly', () => {
  let server: Server;
  let url: string;
  const ran: string[] = [];
  const apollo = new ApolloServer<{ who: string }>({
    typeDefs: 'type Query { who: String }',
    resolvers: { Query: { who: (_: unknown, __: unknown, ctx: { who: string }) => ctx.who } },
  });

  beforeAll(async () => {
    await apollo.start();
    server = createServer((_req, res) => res.end('express'));
    serveGraphqlDirectly(server, {
      apollo,
      context: async (req) => ({ who: String(req.headers['x-who']) }),
      before: [
        (req, res, next) => {
          ran.push('logging');
          next();
        },
        (req, res, next) => {
          ran.push('credential');
          if (req.headers['x-who'] === 'stranger') {
            res.statusCode = 401;
            return void res.end('refused');
          }
          next();
        },
      ],
      limit: 1000,
      log: () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await apollo.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('runs the steps before Apollo in order, then Apollo with the context of the request', async () => {
    ran.length = 0;
    const res = await post(JSON.stringify({ query: '{ who }' }), { 'x-who': 'gateway' });
    expect(await res.json()).toEqual({ data: { who: 'gateway' } });
    expect(ran).toEqual(['logging', 'credential']);
  });

  it('stops where a step answers', async () => {
    const res = await post(JSON.stringify({ query: '{ who }' }), { 'x-who': 'stranger' });
    expect([res.status, await res.text()]).toEqual([401, 'refused']);
  });

  it('refuses a body that is not a JSON object as body-parser does (400 BAD_REQUEST)', async () => {
    for (const body of ['{"query": "{ who }"', '"just a string"']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('hands every other request to the server’s own listener', async () => {
    expect(await (await fetch(`${url}/graphql`)).text()).toBe('express');
    expect(await (await post('x'.repeat(1001))).text()).toBe('express');
    expect(await (await fetch(`${url}/health`)).text()).toBe('express');
    expect(await (await fetch(`${url}/graphql?x=1`, { method: 'POST', body: '{}' })).text()).toBe('express');
  });
});
