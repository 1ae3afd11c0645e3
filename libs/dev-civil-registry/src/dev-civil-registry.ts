import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PARENTAGE_PATH, parentageRequest, ParentageResponse } from '@kezek/civil-registry';
import { DEMO_CHILDREN, demoPerson } from '@kezek/demo';

/** Where `npm start` serves the dev civil registry. */
export const DEV_CIVIL_REGISTRY_PORT = 4192;

/** A child's IIN and its parents' IINs, as a registry's birth record lists them. */
export interface BirthRecord {
  childIin: string;
  parentIins: string[];
}

/** The demo children's birth records: the applicant who filed and the other parents (`otherParents`). */
export function demoBirthRecords(): BirthRecord[] {
  return DEMO_CHILDREN.map((c) => ({
    childIin: c.iin,
    parentIins: [c.applicant, ...c.otherParents].map((key) => demoPerson(key).iin),
  }));
}

export interface DevCivilRegistry {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A question is two IINs; anything much larger is not one. */
const MAX_BODY = 4 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > MAX_BODY) return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The civil registry's contract (@kezek/civil-registry) served from fixed birth records, the
 * demo children's by default, on 127.0.0.1 only. Port 0 picks a free port (tests). It logs
 * nothing: the questions carry IINs.
 */
export async function startDevCivilRegistry(
  options: { port?: number; records?: BirthRecord[] } = {},
): Promise<DevCivilRegistry> {
  const parents = new Map((options.records ?? demoBirthRecords()).map((r) => [r.childIin, new Set(r.parentIins)]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== PARENTAGE_PATH) return send(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    readJson(req).then(
      (body) => {
        const question = parentageRequest.safeParse(body);
        if (!question.success) return send(res, 400, { error: 'expected { parentIin, childIin }, 12 digits each' });
        const { parentIin, childIin } = question.data;
        const answer: ParentageResponse = { parent: parents.get(childIin)?.has(parentIin) ?? false };
        send(res, 200, answer);
      },
      () => send(res, 500, { error: 'could not read the request' }),
    );
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEV_CIVIL_REGISTRY_PORT, '127.0.0.1', ready);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : done()));
      }),
  };
}
