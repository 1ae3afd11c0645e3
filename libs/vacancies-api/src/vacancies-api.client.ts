import { InternalApiCallerOptions, InternalApiClient } from '@kezek/internal-api';
import { AreasApi, QueueArea } from './areas.api';
import {
  KINDERGARTEN_LOOKUP_MAX_IDS,
  KindergartenArea,
  KindergartenLookupRequest,
  KindergartensApi,
} from './kindergarten-lookup.api';

/** `baseUrl` is vacancies' API base URL, e.g. http://vacancies:4003 (VACANCIES_INTERNAL_URL); `service` the caller, e.g. `kezek-identity`. */
export type VacanciesApiClientOptions = InternalApiCallerOptions;

/**
 * vacancies' internal API for other services (`call` reaches every endpoint of it). vacancies'
 * refusals come back as the same DomainError; no answer, a 5xx or an answer outside the contract
 * is an ordinary error: a caller whose decision depends on the answer refuses then (fails closed).
 */
export class VacanciesApiClient extends InternalApiClient {
  constructor(options: VacanciesApiClientOptions) {
    super({ ...options, name: 'vacancies internal API' });
  }

  /** Region and district of each registered kindergarten among `ids` (UUIDs); unknown ids are absent. */
  async lookupKindergartens(ids: readonly string[]): Promise<KindergartenArea[]> {
    const unique = [...new Set(ids)];
    const chunks: KindergartenLookupRequest[] = [];
    for (let i = 0; i < unique.length; i += KINDERGARTEN_LOOKUP_MAX_IDS)
      chunks.push({ ids: unique.slice(i, i + KINDERGARTEN_LOOKUP_MAX_IDS) });
    const answers = await Promise.all(chunks.map((body) => this.call(KindergartensApi.lookup, body)));
    return answers.flatMap((a) => a.kindergartens);
  }

  /** A queue area (region or district) and its region; NOT_FOUND for an unknown id. */
  area(id: string): Promise<QueueArea> {
    return this.call(AreasApi.find, { id });
  }
}
