import { InternalApiCallerOptions, InternalApiClient } from '@kezek/internal-api';
import { AreasApi, QueueArea } from './areas.api';
import { ChoosableGroup, ChoosableGroupsRequest, GroupFacts, GROUPS_FIND_MAX_IDS, GroupsApi } from './groups.api';
import { KINDERGARTEN_LOOKUP_MAX_IDS, KindergartenArea, KindergartensApi } from './kindergarten-lookup.api';

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
    const answers = await Promise.all(
      chunksOf(ids, KINDERGARTEN_LOOKUP_MAX_IDS).map((body) => this.call(KindergartensApi.lookup, body)),
    );
    return answers.flatMap((a) => a.kindergartens);
  }

  /** Groups among `ids` (UUIDs) with their kindergartens and free seats; unknown ids are absent. */
  async groups(ids: readonly string[]): Promise<GroupFacts[]> {
    const answers = await Promise.all(
      chunksOf(ids, GROUPS_FIND_MAX_IDS).map((body) => this.call(GroupsApi.find, body)),
    );
    return answers.flatMap((a) => a.groups);
  }

  /** Groups of the area's state kindergartens with a free seat, or one held for `offerRoundId`, by kindergarten name. */
  async choosableGroups(input: ChoosableGroupsRequest): Promise<ChoosableGroup[]> {
    return (await this.call(GroupsApi.choosable, input)).groups;
  }

  /** A queue area (region or district) and its region; NOT_FOUND for an unknown id. */
  area(id: string): Promise<QueueArea> {
    return this.call(AreasApi.find, { id });
  }
}

/** Each id once, in requests of at most `max` ids. */
function chunksOf(ids: readonly string[], max: number): Array<{ ids: string[] }> {
  const unique = [...new Set(ids)];
  const chunks: Array<{ ids: string[] }> = [];
  for (let i = 0; i < unique.length; i += max) chunks.push({ ids: unique.slice(i, i + max) });
  return chunks;
}
