import { KindergartenLookupAnswer, KindergartenLookupRequest, KindergartensApi } from '@kezek/vacancies-api';
import { InternalApiController, InternalBody, InternalRoute } from '@kezek/internal-api-server';
import { KindergartenService } from './kindergarten.service';

/**
 * Where registered kindergartens are, for other services' access rules (identity checks that a
 * district operator grants staff roles only in their regions), through @kezek/vacancies-api.
 * Served by the API process outside the graph: the gateway proxies only /graphql.
 */
@InternalApiController()
export class KindergartenLookupController {
  constructor(private readonly kindergartens: KindergartenService) {}

  /** `{ ids }` (1..100 UUIDs) → the registered ones with their region and district; unknown ids are absent. */
  @InternalRoute(KindergartensApi.lookup)
  async lookup(
    @InternalBody(KindergartensApi.lookup) { ids }: KindergartenLookupRequest,
  ): Promise<KindergartenLookupAnswer> {
    const found = await this.kindergartens.findKindergartens([...new Set(ids)]);
    return { kindergartens: found.map(({ id, regionId, districtId }) => ({ id, regionId, districtId })) };
  }
}
