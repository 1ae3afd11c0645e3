import { Module } from '@nestjs/common';
import { KindergartenModule } from '../kindergarten/kindergarten.module';
import { SeatModule } from '../seat/seat.module';
import { GroupResolver } from './group.resolver';

/** The Group type: its reference, its kindergarten, its free seats and publishing seats in it. */
@Module({ imports: [KindergartenModule, SeatModule], providers: [GroupResolver] })
export class GroupModule {}
