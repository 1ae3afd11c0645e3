import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { KINDERGARTEN_LOOKUP_PATH, KindergartenLookupAnswer, kindergartenLookupRequest } from '@kezek/registry-client';
import { InternalApiErrorFilter, InternalAuthGuard } from '@kezek/service-auth';
import { validateInput } from '@kezek/validation';
import { KindergartenService } from './kindergarten.service';

/**
 * Where registered kindergartens are, for other services' access rules (identity checks that a
 * district operator grants staff roles only in their regions), through @kezek/registry-client.
 * Served by the API process outside the graph: the gateway proxies only /graphql.
 */
@Controller(KINDERGARTEN_LOOKUP_PATH)
@UseGuards(InternalAuthGuard)
@UseFilters(InternalApiErrorFilter)
export class KindergartenLookupController {
  constructor(private readonly kindergartens: KindergartenService) {}

  /** `{ ids }` (1..100 UUIDs) → the registered ones with their region and district; unknown ids are absent. */
  @Post()
  @HttpCode(200)
  async lookup(@Body() body: unknown): Promise<KindergartenLookupAnswer> {
    const { ids } = validateInput(kindergartenLookupRequest, body);
    const found = await this.kindergartens.findKindergartens([...new Set(ids)]);
    return { kindergartens: found.map(({ id, regionId, districtId }) => ({ id, regionId, districtId })) };
  }
}
