import { InternalApiCallerOptions, InternalApiClient } from '@kezek/service-auth';
import {
  IDENTITY_INTERNAL_AUDIENCE,
  PrepareSigningRequest,
  SIGNING_REQUESTS_PATH,
  signingRequestAnswer,
  SigningRequestView,
  SubmitSigned,
  VerifiedAction,
  verifiedActionAnswer,
} from './wire';

/**
 * `baseUrl` is identity's internal base URL, e.g. http://identity:4001 (IDENTITY_INTERNAL_URL);
 * `service` the caller, e.g. `kezek-queue`: a request can be submitted only by the service that
 * prepared it.
 */
export type SignedActionsClientOptions = InternalApiCallerOptions;

/**
 * Signed actions for any service: `prepare` has identity store the exact XML to sign and returns
 * it; `submit` has identity verify the signed XML once (SIGN key, the expected signer, byte for
 * byte the prepared content) and store the evidence. identity's refusals come back as the same
 * DomainError; anything else (network, 5xx) is an ordinary error, masked by the caller's graph.
 */
export class SignedActionsClient {
  private readonly api: InternalApiClient;

  constructor(options: SignedActionsClientOptions) {
    this.api = new InternalApiClient({
      ...options,
      audience: IDENTITY_INTERNAL_AUDIENCE,
      name: 'identity signing API',
    });
  }

  prepare(request: PrepareSigningRequest): Promise<SigningRequestView> {
    return this.api.post(SIGNING_REQUESTS_PATH, request, signingRequestAnswer);
  }

  submit(submission: SubmitSigned): Promise<VerifiedAction> {
    return this.api.post(`${SIGNING_REQUESTS_PATH}/submit`, submission, verifiedActionAnswer);
  }
}
