import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application/application.module';
import { PositionModule } from '../position/position.module';
import { PublicQueuePositionResolver } from './public-queue-position.resolver';
import { PublicQueuePositionService } from './public-queue-position.service';

/** The public lookup of an application's place in the queue (no sign-in; the gateway rate-limits it). */
@Module({
  imports: [ApplicationModule, PositionModule],
  providers: [PublicQueuePositionService, PublicQueuePositionResolver],
})
export class PublicQueuePositionModule {}
