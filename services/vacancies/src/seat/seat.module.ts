import { Module } from '@nestjs/common';
import { SeatRepository } from './seat.repository';
import { SeatService } from './seat.service';

@Module({ providers: [SeatRepository, SeatService], exports: [SeatService] })
export class SeatModule {}
