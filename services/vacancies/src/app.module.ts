import { defineApi } from '@kezek/subgraph';
import { ClaimModule } from './claim/claim.module';
import { vacanciesEnv } from './config';
import { vacanciesData } from './data-source';
import { GroupModule } from './group/group.module';
import { KindergartenModule } from './kindergarten/kindergarten.module';
import { RegionModule } from './region/region.module';
import { RegistryImportModule } from './registry-import/registry-import.module';
import { SeatModule } from './seat/seat.module';
import { StatisticsModule } from './statistics/statistics.module';

export const AppModule = defineApi({
  name: 'vacancies',
  data: vacanciesData,
  env: vacanciesEnv,
  imports: [
    RegionModule,
    KindergartenModule,
    GroupModule,
    SeatModule,
    RegistryImportModule,
    ClaimModule.forApi(),
    StatisticsModule,
  ],
});
