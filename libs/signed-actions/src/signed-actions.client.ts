import { Clock } from '@kezek/clock';
import { DomainError, ERROR_MESSAGES, ErrorCode } from '@kezek/errors';
import { ServiceTokenSigner } from '@kezek/service-auth';
import { z } from '@kezek/config';
import {
  IDENTITY_INTERNAL_AUDIENCE,
  internalErrorAnswer,
  PrepareSigningRequest,
  SIGNING_REQUESTS_PATH,
  signingRequestAnswer,
  SigningRequestView,
  SubmitSigned,
  VerifiedAction,
  verifiedActionAnswer,
} from './wire';

export interface SignedActionsClientOptions {
  /** identity's internal base URL, e.g. http://identity:4001 (IDENTITY_INTERNAL_URL). */
  baseUrl: string;
  /** INTERNAL_API_SECRET, shared with identity. */
  secret: string;
  /** The calling service, e.g. `kezek-queue`: a request can be submitted only by the service that prepared it. */
  service: string;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Signed actions for any service: `prepare` has identity store the exact XML to sign and returns
 * it; `submit` has identity verify the signed XML once (SIGN key, the expected signer, byte for
 * byte the prepared content) and store the evidence. identity's refusals come back as the same
 * DomainError; anything else (network, 5xx) is an ordinary error, masked by the caller's graph.
 */
export class SignedActionsClient {
  private readonly signer: ServiceTokenSigner;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SignedActionsClientOptions) {
    this.signer = new ServiceTokenSigner(options.secret, options.service);
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  async prepare(request: PrepareSigningRequest): Promise<SigningRequestView> {
    return this.call('', request, signingRequestAnswer);
  }

  async submit(submission: SubmitSigned): Promise<VerifiedAction> {
    return this.call('/submit', submission, verifiedActionAnswer);
  }

  private async call<T extends z.ZodTypeAny>(path: string, body: unknown, answer: T): Promise<z.infer<T>> {
    const token = await this.signer.sign(IDENTITY_INTERNAL_AUDIENCE, this.options.clock.now());
    const res = await this.fetch(`${this.options.baseUrl}${SIGNING_REQUESTS_PATH}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok) return answer.parse(json);
    const refusal = internalErrorAnswer.safeParse(json);
    if (res.status < 500 && refusal.success && refusal.data.code in ERROR_MESSAGES) {
      throw new DomainError(refusal.data.code as ErrorCode, refusal.data.message, refusal.data.details);
    }
    throw new Error(`identity signing API answered HTTP ${res.status}`);
  }
}
