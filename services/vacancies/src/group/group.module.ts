import { Module } from '@nestjs/common';
import { internalApiAuth } from '@kezek/internal-api-server';
import { GroupsApi } from '@kezek/vacancies-api';
import { KindergartenModule } from '../kindergarten/kindergarten.module';
import { SeatModule } from '../seat/seat.module';
import { GroupRepository } from './group.repository';
import { GroupResolver } from './group.resolver';
import { GroupsController } from './groups.controller';

/**
 * The Group type: its reference, its kindergarten, its free seats and publishing seats in it;
 * and the internal groups API for the queue service.
 */
@Module({
  imports: [KindergartenModule, SeatModule],
  controllers: [GroupsController],
  providers: [GroupResolver, GroupRepository, ...internalApiAuth(GroupsApi.find.audience)],
})
export class GroupModule {}
