import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@kezek/errors';
import { AreaRequest, AreasApi, QueueArea } from '@kezek/vacancies-api';
import { InternalApiController, InternalBody, InternalRoute } from '@kezek/internal-api-server';
import { District } from './district.entity';
import { Region } from './region.entity';

/** Queue areas for the queue's filing (R4): a region, or one of its districts. */
@InternalApiController()
export class AreasController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @InternalRoute(AreasApi.find)
  async find(@InternalBody(AreasApi.find) { id }: AreaRequest): Promise<QueueArea> {
    const region = await this.db.getRepository(Region).findOneBy({ id });
    if (region) return { id, kind: 'REGION', regionId: id, name: { kk: region.nameKk, ru: region.nameRu } };
    const district = await this.db.getRepository(District).findOneBy({ id });
    if (district)
      return { id, kind: 'DISTRICT', regionId: district.regionId, name: { kk: district.nameKk, ru: district.nameRu } };
    throw new DomainError('NOT_FOUND', 'no such queue area');
  }
}
