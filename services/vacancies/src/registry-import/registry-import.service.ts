import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';
import { assertCanManageRegion } from '../kindergarten/access.rules';
import { Kindergarten } from '../kindergarten/kindergarten.entity';
import { kindergartenRow, registryRefusal } from '../kindergarten/registry.service';
import { identityKey, parseKindergartenCsv, ParsedRow } from './import-csv';
import { ImportReport } from './models/import-report.model';
import { ImportRowStatus } from './models/import-row-status.enum';

const CHUNK = 500;

@Injectable()
export class RegistryImportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Imports a registry CSV in one transaction. With `allOrNothing` one refused row refuses the
   * file; otherwise the good rows are imported and the report says why the others were not.
   */
  async importKindergartens(
    principal: Principal,
    portal: Portal,
    csv: string,
    allOrNothing: boolean,
  ): Promise<ImportReport> {
    const rows = parseKindergartenCsv(csv);
    return this.db
      .transaction(async (tx) => {
        await this.checkAgainstRegistry(tx, principal, portal, rows);
        const good = rows.filter((r) => r.reasons.length === 0);
        const refused = rows.length - good.length;
        const write = !(allOrNothing && refused > 0);
        const ids = new Map<number, string>();
        if (write) {
          for (let i = 0; i < good.length; i += CHUNK) {
            const chunk = good.slice(i, i + CHUNK);
            const result = await tx.getRepository(Kindergarten).insert(chunk.map((r) => kindergartenRow(r.fields!)));
            chunk.forEach((r, j) => ids.set(r.row, result.identifiers[j].id));
          }
        }
        return {
          allOrNothing,
          imported: ids.size,
          refused,
          rows: rows.map((r) => ({
            row: r.row,
            nameRu: r.nameRu,
            reasons: r.reasons,
            kindergartenId: ids.get(r.row),
            status:
              r.reasons.length > 0
                ? ImportRowStatus.REFUSED
                : write
                  ? ImportRowStatus.IMPORTED
                  : ImportRowStatus.NOT_IMPORTED,
          })),
        };
      })
      .catch(registryRefusal);
  }

  /** Adds the reasons only the registry knows: the caller's regions, districts, duplicates. */
  private async checkAgainstRegistry(
    tx: EntityManager,
    principal: Principal,
    portal: Portal,
    rows: ParsedRow[],
  ): Promise<void> {
    const candidates = rows.filter((r) => r.fields);
    const regionIds = [...new Set(candidates.map((r) => r.fields!.regionId))];
    const districts: Array<{ id: string; region_id: string }> = await tx.query(
      `SELECT id, region_id FROM district WHERE region_id = ANY($1)`,
      [regionIds],
    );
    const existing: Array<{ region_id: string; name_ru: string; address: string }> = await tx.query(
      `SELECT region_id, name_ru, address FROM kindergarten WHERE region_id = ANY($1)`,
      [regionIds],
    );
    const registered = new Set(
      existing.map((k) => identityKey({ regionId: k.region_id, nameRu: k.name_ru, address: k.address })),
    );
    const districtRegion = new Map(districts.map((d) => [d.id, d.region_id]));
    for (const r of candidates) {
      const f = r.fields!;
      try {
        assertCanManageRegion(principal, portal, f.regionId);
      } catch (e) {
        r.reasons.push(`region_id: ${(e as DomainError).message}`);
      }
      if (districtRegion.get(f.districtId) !== f.regionId)
        r.reasons.push(`district_id: ${f.districtId} is not a district of ${f.regionId}`);
      if (registered.has(identityKey(f))) r.reasons.push('already registered (same region, name and address)');
    }
  }
}
