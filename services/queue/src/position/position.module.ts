import { Module } from '@nestjs/common';
import { PositionRepository } from './position.repository';

/** Queue positions (R5, R6), derived from the filing order on every read. */
@Module({ providers: [PositionRepository], exports: [PositionRepository] })
export class PositionModule {}
