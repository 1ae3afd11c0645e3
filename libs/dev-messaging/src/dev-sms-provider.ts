import { randomUUID } from 'node:crypto';
import { closeServer, listen, readJson, send } from './http';

/** Where `npm start` serves the dev SMS provider. */
export const DEV_SMS_PROVIDER_PORT = 4193;

/**
 * The SMS provider API the notifications adapter speaks (a provider's own is wrapped to it):
 * `POST /v1/messages` `{ to, text }` with an `Idempotency-Key` header answers `{ id, status }`
 * (ACCEPTED, or DELIVERED where the provider knows it); the same key again answers the first
 * message and sends nothing.
 */
export interface DevSms {
  id: string;
  key: string;
  to: string;
  text: string;
  receivedAt: string;
}

export interface DevSmsProvider {
  url: string;
  /** What was handed over, one per idempotency key. */
  messages(): DevSms[];
  /** Requests whose key had been sent already (answered, not sent again). */
  repeats(): number;
  /** `outage`: every send answers 503 (retried); `refusing`: 422 (a permanent refusal); `ok` again. */
  setMode(mode: 'ok' | 'outage' | 'refusing'): void;
  /** Records a message at once but answers only after `ms` (a worker can die in between). */
  setDelay(ms: number): void;
  clear(): void;
  close(): Promise<void>;
}

/** A development SMS provider that records messages instead of sending them (GET /v1/messages lists them). */
export async function startDevSmsProvider(options: { port?: number } = {}): Promise<DevSmsProvider> {
  const byKey = new Map<string, DevSms>();
  let repeats = 0;
  let mode: 'ok' | 'outage' | 'refusing' = 'ok';
  let delay = 0;
  const { server, url } = await listen(options.port ?? DEV_SMS_PROVIDER_PORT, async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/messages')
      return send(res, 200, { messages: [...byKey.values()], repeats });
    if (req.method !== 'POST' || path !== '/v1/messages') return send(res, 404, { error: 'not found' });
    const key = req.headers['idempotency-key'];
    const body = (await readJson(req)) as { to?: unknown; text?: unknown } | undefined;
    if (typeof key !== 'string' || !key || typeof body?.to !== 'string' || typeof body.text !== 'string')
      return send(res, 400, { error: 'to, text and an Idempotency-Key are required' });
    if (!/^\+\d{10,15}$/.test(body.to)) return send(res, 422, { error: 'not a phone number' });
    if (mode === 'outage') return send(res, 503, { error: 'provider unavailable' });
    if (mode === 'refusing') return send(res, 422, { error: 'number blocked' });
    const known = byKey.get(key);
    if (known) {
      repeats++;
      return send(res, 200, { id: known.id, status: 'DELIVERED' });
    }
    const sms = { id: randomUUID(), key, to: body.to, text: body.text, receivedAt: new Date().toISOString() };
    byKey.set(key, sms);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    send(res, 201, { id: sms.id, status: 'DELIVERED' });
  });
  return {
    url,
    messages: () => [...byKey.values()],
    repeats: () => repeats,
    setMode: (m) => (mode = m),
    setDelay: (ms) => (delay = ms),
    clear: () => {
      byKey.clear();
      repeats = 0;
    },
    close: () => closeServer(server),
  };
}
