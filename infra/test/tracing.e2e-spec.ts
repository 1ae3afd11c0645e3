import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { demoPerson } from '@kezek/demo';
import { makeIin } from '@kezek/iin';
import { gql } from '@kezek/testing';
import { eventually, signedActions } from './lifecycle-helpers';
import { SigningStack, startSigningStack } from './signing-stack';

/** One span as the stack exported it (OTLP/HTTP JSON), with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
type Otlp = {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'service'>> }>;
  }>;
};
const [SERVER, CLIENT, CONSUMER] = [2, 3, 5];

/** A stand-in OTLP collector: POST /v1/traces (JSON), every span kept in memory. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; bodies: string[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      if (req.url === '/v1/traces') {
        bodies.push(body);
        for (const r of (JSON.parse(body) as Otlp).resourceSpans) {
          const service = r.resource.attributes.find((a) => a.key === 'service.name')!.value.stringValue!;
          for (const s of r.scopeSpans) spans.push(...s.spans.map((span) => ({ ...span, service })));
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, server };
}

/** A W3C traceparent of a trace the test starts, so that it finds the spans of its own request. */
function newTrace(): { traceId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, one request is one trace across the graph: the gateway,
 * the subgraph it fans out to, the internal API that subgraph calls, and the workers that handle
 * the events it recorded — and no span carries an IIN or a token.
 */
describe('traces across the graph (OTLP)', () => {
  let running: SigningStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const parent = demoPerson('aigerim');
  const operator = demoPerson('operator-astana');
  const tokens = new Map<string, string>();
  const as = (key: string, traceparent: string) => ({
    authorization: `Bearer ${tokens.get(key)}`,
    'x-kezek-portal': 'astana',
    traceparent,
  });
  // A group year no demo child of Astana is in: the one child filed here is the whole queue.
  const YEAR = 2022;
  const birthDate = `${YEAR}-04-12`;
  const childIin = makeIin(birthDate, 'M', 731);

  const spansOf = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
  const until = (what: string, traceId: string, done: (spans: ReceivedSpan[]) => boolean) =>
    eventually(what, async () => spansOf(traceId), done, 20_000);

  beforeAll(async () => {
    receiver = await startReceiver();
    running = await startSigningStack([parent, operator], {
      workers: true,
      // Batches leave every 100 ms rather than 5 s: the test waits for them.
      env: { LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
      onLine: () => undefined,
    });
    for (const p of [parent, operator]) tokens.set(p.key, await running.signIn(p.iin));
  }, 240_000);

  afterAll(async () => {
    await running?.stop();
    receiver?.server.close();
  });

  it('follows a filing from the gateway through queue to the internal API of identity', async () => {
    const { traceId, traceparent } = newTrace();
    const filed = await signedActions(running, (who) => as(who, traceparent))(
      'aigerim',
      parent.iin,
      `mutation($child: ChildInput!) { prepareApplication(child: $child, regionId: "astana") { id xml } }`,
      { child: { iin: childIin, fullName: 'Кезек Бала Трасса', birthDate } },
      '... on Application { id status }',
    );
    expect(filed.errors).toBeUndefined();
    const spans = await until('the spans of identity', traceId, (s) =>
      s.some((x) => x.service === 'identity' && x.kind === SERVER),
    );
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: ReceivedSpan) => byId.get(s.parentSpanId ?? '');
    // The gateway's server span continues the caller's trace; Apollo's own spans are inside it.
    expect(spans.some((s) => s.service === 'gateway' && s.kind === SERVER && s.parentSpanId)).toBe(true);
    expect(spans.some((s) => s.service === 'gateway' && s.name === 'gateway.request')).toBe(true);
    // queue answered the gateway's fetch, and identity answered queue's call: client → server each time.
    const served = (service: string) => spans.filter((s) => s.service === service && s.kind === SERVER);
    expect(served('queue').map(parentOf)).toContainEqual(expect.objectContaining({ service: 'gateway', kind: CLIENT }));
    expect(served('identity').map(parentOf)).toContainEqual(
      expect.objectContaining({ service: 'queue', kind: CLIENT }),
    );
    // queue's statements are in the trace too, under its server span.
    expect(spans.some((s) => s.service === 'queue' && s.name.startsWith('pg.query'))).toBe(true);
  });

  it('continues the trace of the request that recorded an event in the workers that handle it', async () => {
    const kindergartens = await gql<{
      kindergartens: Array<{ isState: boolean; groups: Array<{ id: string; groupYear: number }> }>;
    }>(running.url, `{ kindergartens(regionId: "astana", groupYear: ${YEAR}) { isState groups { id groupYear } } }`);
    const k = kindergartens.data!.kindergartens.find((x) => x.isState && x.groups.some((g) => g.groupYear === YEAR))!;
    const group = k.groups.find((g) => g.groupYear === YEAR)!;
    const { traceId, traceparent } = newTrace();
    const published = await gql(
      running.url,
      `mutation($g: ID!) { publishSeats(groupId: $g, count: 1) { id } }`,
      { g: group.id },
      as('operator-astana', traceparent),
    );
    expect(published.errors).toBeUndefined();
    // vacancies records SeatsPublished → queue's inbox offers the seat (OfferMade) → notifications' inbox.
    const spans = await until('the notifications worker to handle the offer', traceId, (s) =>
      s.some((x) => x.service === 'notifications-worker' && x.kind === CONSUMER),
    );
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const queueJob = spans.find((s) => s.service === 'queue-worker' && s.kind === CONSUMER)!;
    expect(queueJob.name).toBe('queue-inbox SeatsPublished');
    expect(byId.get(queueJob.parentSpanId!)).toMatchObject({ service: 'vacancies', kind: SERVER });
    const notice = spans.find((s) => s.service === 'notifications-worker' && s.kind === CONSUMER)!;
    expect(notice.name).toBe('notifications-inbox OfferMade');
    expect(byId.get(notice.parentSpanId!)).toMatchObject({ service: 'queue-worker' });
  });

  it('records no IIN and no token in any span', async () => {
    // An IIN and a token in the URL's query reach the gateway's server span, which keeps the route only.
    const { traceId, traceparent } = newTrace();
    const probe = `${running.url}?iin=${childIin}&access_token=${tokens.get('aigerim')}`;
    await gql(probe, '{ regions { id } }', {}, { traceparent });
    const isServer = (x: ReceivedSpan) => x.service === 'gateway' && x.kind === SERVER;
    const server = (await until('the probe span', traceId, (spans) => spans.some(isServer))).find(isServer)!;
    expect(server.attributes).toContainEqual({ key: 'http.target', value: { stringValue: '/graphql' } });
    const exported = receiver.bodies.join('\n');
    expect(receiver.spans.length).toBeGreaterThan(0);
    for (const secret of [parent.iin, operator.iin, childIin, ...tokens.values()])
      expect(exported).not.toContain(secret);
    expect(exported).not.toMatch(/Bearer /);
  });
});
