import { Injectable } from '@nestjs/common';
import { Portal } from '@kezek/portals';
import { ApplicationService } from '../application/application.service';
import { PositionRepository } from '../position/position.repository';
import { PublicQueuePosition } from './models/public-queue-position.model';

/** The egov "queue number" service: anyone holding an application's number and its child's IIN sees where it stands. */
@Injectable()
export class PublicQueuePositionService {
  constructor(
    private readonly applications: ApplicationService,
    private readonly positions: PositionRepository,
  ) {}

  /** Null unless an application of `portal` has both this number and this child: a mismatch tells nothing. */
  async lookup(portal: Portal, number: string, childIin: string): Promise<PublicQueuePosition | null> {
    const app = await this.applications.findByNumberAndChild(portal.id, number, childIin);
    if (!app) return null;
    const position = (await this.positions.positionsOf([app.id])).get(app.id);
    return {
      status: app.status,
      groupYear: app.groupYear,
      queueNumber: position?.queueNumber ?? null,
      privilegedQueueNumber: position?.privilegedQueueNumber ?? null,
    };
  }
}
