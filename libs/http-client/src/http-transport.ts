import { STATUS_CODES } from 'node:http';
import { Agent, Dispatcher } from 'undici';

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** The part of a fetch Response that our callers read; the body must be read once, whole. */
export interface HttpAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** How a service calls another over HTTP: fetch's shape, so a test can hand in a `Response`. */
export type HttpTransport = (url: string, init: HttpRequestInit) => Promise<HttpAnswer>;

// One keep-alive pool per process for every service-to-service call. undici's dispatcher rather
// than Node's `fetch` (undici too, under WHATWG streams and structured clones) or undici's own
// `request` (a Readable stream per answer): our answers are small JSON read whole, so the body is
// gathered as it arrives and the call settles once it is complete. A call costs about a third of
// fetch's CPU (bench in the README), and a call of the graph makes several.
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/** Response headers as undici hands them to a dispatch handler: name, value, name, value… */
function headerReader(raw: Buffer[]): HttpAnswer['headers'] {
  const values = new Map<string, string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const seen = values.get(name);
    values.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  return { get: (name) => values.get(name.toLowerCase()) ?? null };
}

export const httpTransport: HttpTransport = (url, init) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const { origin, pathname, search } = new URL(url);
    // A call still waiting for a connection is given up at once; undici is told when it starts it.
    let abortCall: ((reason: unknown) => void) | undefined;
    const onAbort = () => {
      abortCall?.(signal!.reason);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    let status = 0;
    let headers: HttpAnswer['headers'];
    const chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandlers = {
      onConnect: (abort) => {
        abortCall = abort as (reason: unknown) => void;
        if (signal?.aborted) abortCall(signal.reason);
      },
      onHeaders: (statusCode, rawHeaders) => {
        status = statusCode;
        headers = headerReader(rawHeaders as unknown as Buffer[]);
        return true;
      },
      onData: (chunk) => {
        chunks.push(chunk);
        return true;
      },
      onComplete: () => {
        settle();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          ok: status >= 200 && status < 300,
          status,
          statusText: STATUS_CODES[status] ?? '',
          url,
          headers,
          json: async () => JSON.parse(text) as unknown,
          text: async () => text,
        });
      },
      onError: (error) => {
        settle();
        reject(error);
      },
    };
    pool.dispatch(
      {
        origin,
        path: pathname + search,
        method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: init.headers,
        body: init.body,
      },
      handler,
    );
  });
