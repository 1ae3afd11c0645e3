import { Module } from '@nestjs/common';
import { PositionModule } from '../position/position.module';
import { ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';
import { JournalRepository } from './journal.repository';

@Module({
  imports: [PositionModule],
  providers: [ApplicationService, JournalRepository, ApplicationResolver],
  exports: [ApplicationService],
})
export class ApplicationModule {}
