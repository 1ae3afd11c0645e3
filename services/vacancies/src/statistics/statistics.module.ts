import { Module } from '@nestjs/common';
import { SeatFillResolver } from './seat-fill.resolver';
import { SeatFillService } from './seat-fill.service';

/** Operators' statistics of vacancies: seat fill per kindergarten and group year. */
@Module({ providers: [SeatFillResolver, SeatFillService] })
export class StatisticsModule {}
