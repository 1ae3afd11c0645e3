import { Module } from '@nestjs/common';
import { DocumentModule } from '../document/document.module';
import { IdentityApiModule } from '../signed-action/identity-api.module';
import { FilingResolver } from './filing.resolver';
import { FilingService } from './filing.service';
import { VacanciesApiModule } from './vacancies-api.module';

@Module({
  imports: [IdentityApiModule, VacanciesApiModule, DocumentModule],
  providers: [FilingService, FilingResolver],
  exports: [FilingService],
})
export class FilingModule {}
