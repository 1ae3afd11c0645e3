import { Module } from '@nestjs/common';
import { ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';
import { JournalRepository } from './journal.repository';

@Module({ providers: [ApplicationService, JournalRepository, ApplicationResolver], exports: [ApplicationService] })
export class ApplicationModule {}
