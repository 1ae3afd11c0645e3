import 'reflect-metadata';
import { bootstrap } from '@kezek/subgraph';
import { AppModule } from './app.module';

void bootstrap(() => AppModule.forRoot());
