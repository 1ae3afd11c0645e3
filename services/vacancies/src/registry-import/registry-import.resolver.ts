import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '@kezek/auth';
import { Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { ImportReport } from './models/import-report.model';
import { RegistryImportService } from './registry-import.service';

@Resolver()
export class RegistryImportResolver {
  constructor(private readonly imports: RegistryImportService) {}

  @Mutation(() => ImportReport, {
    description:
      'Imports kindergartens from CSV (columns name_kk, name_ru, address, phone, lat, lng, region_id, district_id, is_state, languages as KK;RU). ' +
      'With allOrNothing (the default) one refused row refuses the whole file.',
  })
  importKindergartens(
    @Ctx() ctx: RequestContext,
    @Args('csv') csv: string,
    @Args('allOrNothing', { defaultValue: true }) allOrNothing: boolean,
  ): Promise<ImportReport> {
    const portal = requirePortal(ctx);
    const principal = requirePrincipal(ctx, Role.DISTRICT_OPERATOR, Role.ADMIN);
    return this.imports.importKindergartens(principal, portal, csv, allOrNothing);
  }
}
