import { InternalApiCallerOptions, InternalApiClient } from '@kezek/internal-api';
import { CONTACTS_MAX_IDS, EmailConfirmationToSend, PeopleApi, PersonContacts, PersonView } from './people.api';
import {
  SigningRequestsApi,
  PrepareSigningRequest,
  SigningRequestView,
  SubmitSigned,
  VerifiedAction,
} from './identity-api';

/**
 * `baseUrl` is identity's internal base URL, e.g. http://identity:4001 (IDENTITY_INTERNAL_URL);
 * `service` the caller, e.g. `kezek-queue`: a request can be submitted only by the service that
 * prepared it.
 */
export type IdentityApiClientOptions = InternalApiCallerOptions;

/**
 * Signed actions for any service, and what a service may know of the person acting: `prepare` has identity store the exact XML to sign and returns
 * it; `submit` has identity verify the signed XML once (SIGN key, the expected signer, byte for
 * byte the prepared content) and store the evidence. identity's refusals come back as the same
 * DomainError; anything else (network, 5xx) is an ordinary error, masked by the caller's graph.
 */
export class IdentityApiClient extends InternalApiClient {
  constructor(options: IdentityApiClientOptions) {
    super({ ...options, name: 'identity signing API' });
  }

  prepare(request: PrepareSigningRequest): Promise<SigningRequestView> {
    return this.call(SigningRequestsApi.prepare, request);
  }

  submit(submission: SubmitSigned): Promise<VerifiedAction> {
    return this.call(SigningRequestsApi.submit, submission);
  }

  /** A signed-in person's name and whether they gave an e-mail; NOT_FOUND for an unknown id. */
  person(id: string): Promise<PersonView> {
    return this.call(PeopleApi.find, { id });
  }

  /** E-mail and phone of the people among `ids` (the notifications service only); unknown ids are absent. */
  async contacts(ids: readonly string[]): Promise<PersonContacts[]> {
    const unique = [...new Set(ids)];
    const answers: PersonContacts[][] = [];
    for (let i = 0; i < unique.length; i += CONTACTS_MAX_IDS)
      answers.push((await this.call(PeopleApi.contacts, { ids: unique.slice(i, i + CONTACTS_MAX_IDS) })).people);
    return answers.flat();
  }

  /** The code of an EmailConfirmationRequested event and where it goes (notifications only); NOT_FOUND when it is no longer to send. */
  emailConfirmation(confirmationId: string): Promise<EmailConfirmationToSend> {
    return this.call(PeopleApi.emailConfirmation, { confirmationId });
  }
}
