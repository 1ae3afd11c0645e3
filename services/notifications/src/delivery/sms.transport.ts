import { z } from 'zod';
import { HttpAnswer, HttpTransport, httpTransport } from '@kezek/http-client';
import { PermanentSendError } from './send-errors';

const answer = z.object({ id: z.string().min(1), status: z.enum(['ACCEPTED', 'DELIVERED']) });
export type SmsReceipt = z.infer<typeof answer>;

/**
 * The SMS provider adapter: `POST <SMS_PROVIDER_URL>/v1/messages` `{ to, text }` with an
 * `Idempotency-Key`; the provider answers `{ id, status }` and never sends one key twice, so a
 * send repeated after a crash is safe. 4xx (but 408/429) is a permanent refusal.
 */
export class SmsTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly transport: HttpTransport = httpTransport,
  ) {}

  async send(message: { to: string; text: string; key: string }): Promise<SmsReceipt> {
    let res: HttpAnswer;
    try {
      res = await this.transport(new URL('/v1/messages', this.baseUrl).href, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.key },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new Error(`SMS provider did not answer: ${(e as Error).message}`);
    }
    if (res.ok) {
      const parsed = answer.safeParse(await res.json().catch(() => undefined));
      if (parsed.success) return parsed.data;
      throw new Error(`SMS provider answered HTTP ${res.status} outside its contract`);
    }
    // Read to the end: the connection goes back to the pool.
    await res.text().catch(() => undefined);
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new PermanentSendError(`SMS provider refused: HTTP ${res.status}`);
    throw new Error(`SMS provider answered HTTP ${res.status}`);
  }
}
