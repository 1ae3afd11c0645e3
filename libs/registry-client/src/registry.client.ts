import { InternalApiCallerOptions, InternalApiClient } from '@kezek/service-auth';
import {
  KINDERGARTEN_LOOKUP_MAX_IDS,
  KINDERGARTEN_LOOKUP_PATH,
  KindergartenArea,
  kindergartenLookupAnswer,
  KindergartenLookupRequest,
  VACANCIES_INTERNAL_AUDIENCE,
} from './wire';

/** `baseUrl` is vacancies' API base URL, e.g. http://vacancies:4003 (VACANCIES_INTERNAL_URL); `service` the caller, e.g. `kezek-identity`. */
export type RegistryClientOptions = InternalApiCallerOptions;

/**
 * vacancies' kindergarten registry for other services. vacancies' refusals come back as the same
 * DomainError; no answer, a 5xx or an answer outside the contract is an ordinary error: a caller
 * whose decision depends on the answer refuses then (fails closed).
 */
export class RegistryClient {
  private readonly api: InternalApiClient;

  constructor(options: RegistryClientOptions) {
    this.api = new InternalApiClient({
      ...options,
      audience: VACANCIES_INTERNAL_AUDIENCE,
      name: 'vacancies registry API',
    });
  }

  /** Region and district of each registered kindergarten among `ids` (UUIDs); unknown ids are absent. */
  async lookupKindergartens(ids: readonly string[]): Promise<KindergartenArea[]> {
    const unique = [...new Set(ids)];
    const chunks: KindergartenLookupRequest[] = [];
    for (let i = 0; i < unique.length; i += KINDERGARTEN_LOOKUP_MAX_IDS)
      chunks.push({ ids: unique.slice(i, i + KINDERGARTEN_LOOKUP_MAX_IDS) });
    const answers = await Promise.all(
      chunks.map((body) => this.api.post(KINDERGARTEN_LOOKUP_PATH, body, kindergartenLookupAnswer)),
    );
    return answers.flatMap((a) => a.kindergartens);
  }
}
