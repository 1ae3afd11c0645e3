import { Module } from '@nestjs/common';
import { ClockResolver } from './clock.resolver';

@Module({ providers: [ClockResolver] })
export class ClockModule {}
