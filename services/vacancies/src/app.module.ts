import { defineApi } from '@kezek/subgraph';
import { vacanciesData } from './data-source';
import { KindergartenModule } from './kindergarten/kindergarten.module';
import { RegionModule } from './region/region.resolver';

export const AppModule = defineApi({ name: 'vacancies', data: vacanciesData, imports: [RegionModule, KindergartenModule] });
