import { Clock } from '@kezek/clock';
import { z } from 'zod';
import { DomainError, ErrorCode, isMessages, isPolicyErrorCode, PolicyErrorCode } from '@kezek/errors';
import { HttpAnswer, httpTransport, HttpTransport } from '@kezek/http-client';
import { InternalEndpoint, InternalRequestOf } from './internal-endpoint';
import { ServiceTokenSigner } from './service-token';

/** Refusals of an internal API (its server's error filter): `{ code, messages, details?, message }` with a 4xx. */
export const internalRefusal = z.object({
  code: z.string(),
  message: z.string().optional(),
  details: z.record(z.unknown()).optional(),
  messages: z.unknown().optional(),
});

/** Why a call got no answer: a timeout, or the transport's failure with the system error on it or under it (ECONNREFUSED…). */
function unreachable(e: unknown, timeoutMs: number): string {
  const error = e as Error & { code?: string; cause?: { code?: string } };
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = error.code ?? error.cause?.code;
  return [error.message, code && !error.message.includes(code) ? code : undefined].filter(Boolean).join(': ');
}

/** What a client of one internal API is given by the calling service. */
export interface InternalApiCallerOptions {
  /** Base URL of the called service's API, without a path (e.g. http://identity:4001). */
  baseUrl: string;
  /** INTERNAL_API_SECRET, shared with the called service. */
  secret: string;
  /** The calling service (the token's issuer), e.g. `kezek-queue`. */
  service: string;
  clock: Clock;
  /** The HTTP client; a test hands in its own. */
  transport?: HttpTransport;
  /** Per call; 15 s by default. */
  timeoutMs?: number;
}

export interface InternalApiClientOptions extends InternalApiCallerOptions {
  /** Names the API called in errors and logs, e.g. `identity signing API`. */
  name: string;
}

/**
 * Calls another service's internal API: every call carries a fresh service token for the
 * endpoint's audience, the answer is parsed with the endpoint's response schema. The endpoint's
 * declared refusals (a 4xx with one of its codes) come back as the same DomainError; anything
 * else (no answer, a timeout, a 5xx, an undeclared refusal, an answer outside the contract) is an
 * ordinary Error naming the API, which the caller's graph masks, or the caller turns into a
 * refusal of its own (fails closed).
 */
export class InternalApiClient {
  private readonly signer: ServiceTokenSigner;
  private readonly transport: HttpTransport;
  private readonly baseUrl: string;

  constructor(private readonly options: InternalApiClientOptions) {
    this.signer = new ServiceTokenSigner(options.secret, options.service);
    this.transport = options.transport ?? httpTransport;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Sends `body` as JSON to the endpoint and parses the answer with its response schema. */
  async call<E extends InternalEndpoint>(endpoint: E, body: InternalRequestOf<E>): Promise<z.output<E['response']>> {
    const { name, clock } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const token = await this.signer.sign(endpoint.audience, clock.now());
    let res: HttpAnswer;
    try {
      res = await this.transport(`${this.baseUrl}${endpoint.path}`, {
        method: endpoint.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new Error(`${name} did not answer: ${unreachable(e, timeoutMs)}`, { cause: e });
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok) {
      const parsed = endpoint.response.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new Error(
        `${name} answered HTTP ${res.status} outside its contract: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const refusal = internalRefusal.safeParse(json);
    // Its database is down (InternalApiErrorFilter): an outage the caller's caller may retry.
    if (res.status === 503 && refusal.success && refusal.data.code === 'SERVICE_UNAVAILABLE')
      throw new DomainError('SERVICE_UNAVAILABLE', `${name} is unavailable`, { service: name });
    if (res.status >= 500 || !refusal.success) throw new Error(`${name} answered HTTP ${res.status}`);
    const { code, message, details, messages } = refusal.data;
    if (!endpoint.refusals.includes(code as ErrorCode))
      throw new Error(`${name} answered HTTP ${res.status} with ${code}, not a refusal of ${endpoint.path}`);
    // The serving service rendered a policy's numbers for the caller's portal: relay its text.
    if (isMessages(messages)) throw new DomainError(code as ErrorCode, message, details, messages);
    if (isPolicyErrorCode(code as ErrorCode)) throw new Error(`${name} refused with ${code} but no messages`);
    throw new DomainError(code as Exclude<ErrorCode, PolicyErrorCode>, message, details);
  }
}
