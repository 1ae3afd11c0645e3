import '@kezek/tracing/register';
import 'reflect-metadata';
import { bootstrap } from '@kezek/service-runtime';
import { AppModule } from './app.module';

void bootstrap(() => AppModule.forRoot());
