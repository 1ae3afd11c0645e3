import { Module } from '@nestjs/common';
import { PositionModule } from '../position/position.module';
import { ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';
import { JournalRepository } from './journal.repository';
import { RemovalResolver } from './removal.resolver';
import { RemovalService } from './removal.service';

@Module({
  imports: [PositionModule],
  providers: [ApplicationService, JournalRepository, ApplicationResolver, RemovalService, RemovalResolver],
  exports: [ApplicationService],
})
export class ApplicationModule {}
