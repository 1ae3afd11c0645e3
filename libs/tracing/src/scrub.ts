import type { Attributes } from '@opentelemetry/api';

// An IIN is 12 digits; no identifier we trace is a 12-digit run, so any such run is masked.
const IIN_RUN = /\d{12}/g;
const BEARER = /\bBearer\s+\S+/gi;
// A path segment this long is a token or an id (a document link's token, a UUID): never a route word.
const LONG_SEGMENT = /^[^/]{24,}$/;

/** A URL or path without its query, fragment and token-like segments: `/documents/:redacted.pdf?lang=kk` → `/documents/:redacted`. */
export function redactUrl(value: string): string {
  const cut = value.search(/[?#]/);
  const bare = cut < 0 ? value : value.slice(0, cut);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(bare)?.[0] ?? '';
  const path = bare
    .slice(origin.length)
    .split('/')
    .map((segment) => (LONG_SEGMENT.test(segment) ? ':redacted' : segment))
    .join('/');
  return origin + path;
}

// The instrumentations' URL attributes (old and stable semantic conventions); a query is dropped, not kept apart.
const URL_KEYS = new Set(['http.url', 'http.target', 'url.full', 'url.path']);
const DROPPED_KEYS = new Set(['url.query']);

/**
 * What leaves the process: URLs reduced to their route, and no IIN or bearer token in any string,
 * whichever instrumentation (or the gateway's own spans) set it.
 */
export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = typeof value === 'string' ? scrubString(key, value) : value;
  }
  return out;
}

function scrubString(key: string, value: string): string {
  const url = URL_KEYS.has(key) ? redactUrl(value) : value;
  return url.replace(IIN_RUN, '************').replace(BEARER, 'Bearer ***');
}
