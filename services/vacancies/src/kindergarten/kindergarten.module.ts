import { Module } from '@nestjs/common';
import { GroupResolver, KindergartenResolver } from './kindergarten.resolver';
import { KindergartenService } from './kindergarten.service';

@Module({ providers: [KindergartenService, KindergartenResolver, GroupResolver], exports: [KindergartenService] })
export class KindergartenModule {}
