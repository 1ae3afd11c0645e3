import {
  ChoosableGroupsAnswer,
  ChoosableGroupsRequest,
  GroupsApi,
  GroupsFindAnswer,
  GroupsFindRequest,
} from '@kezek/vacancies-api';
import { InternalApiController, InternalBody, InternalRoute } from '@kezek/internal-api-server';
import { GroupRepository } from './group.repository';

/**
 * Groups for the queue service's offers and referrals (@kezek/vacancies-api). Served by the API
 * process outside the graph: the gateway proxies only /graphql.
 */
@InternalApiController()
export class GroupsController {
  constructor(private readonly groups: GroupRepository) {}

  /** `{ ids }` (1..100 UUIDs) → those groups with their kindergartens; unknown ids are absent. */
  @InternalRoute(GroupsApi.find)
  async find(@InternalBody(GroupsApi.find) { ids }: GroupsFindRequest): Promise<GroupsFindAnswer> {
    return { groups: await this.groups.find([...new Set(ids)]) };
  }

  /** The groups a child of the area and group year may choose (R10, R11). */
  @InternalRoute(GroupsApi.choosable)
  async choosable(@InternalBody(GroupsApi.choosable) body: ChoosableGroupsRequest): Promise<ChoosableGroupsAnswer> {
    return { groups: await this.groups.choosable(body) };
  }
}
