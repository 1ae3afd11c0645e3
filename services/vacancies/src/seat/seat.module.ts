import { Module } from '@nestjs/common';
import { KindergartenModule } from '../kindergarten/kindergarten.module';
import { SeatResolver } from './seat.resolver';
import { SeatRepository } from './seat.repository';
import { SeatService } from './seat.service';

@Module({ imports: [KindergartenModule], providers: [SeatRepository, SeatService, SeatResolver] })
export class SeatModule {}
