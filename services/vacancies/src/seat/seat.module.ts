import { Module } from '@nestjs/common';
import { KindergartenModule } from '../kindergarten/kindergarten.module';
import { SeatResolver } from './seat.resolver';
import { SeatService } from './seat.service';

@Module({ imports: [KindergartenModule], providers: [SeatService, SeatResolver] })
export class SeatModule {}
