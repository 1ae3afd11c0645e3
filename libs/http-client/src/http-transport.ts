import { STATUS_CODES } from 'node:http';
import { Agent, Dispatcher, request } from 'undici';

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

// One keep-alive pool per process for every service-to-service call. undici's `request` rather
// than Node's `fetch` (undici too, under WHATWG streams and structured clones): a call costs about
// a third of the CPU (bench in the README), and a call of the graph makes several.
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

export const httpTransport: HttpTransport = async (url, init) => {
  const res = await request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: pool,
  });
  const header = (name: string) => {
    const value = res.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  return {
    ok: res.statusCode >= 200 && res.statusCode < 300,
    status: res.statusCode,
    statusText: STATUS_CODES[res.statusCode] ?? '',
    url,
    headers: { get: header },
    json: () => res.body.json(),
    text: () => res.body.text(),
  };
};
