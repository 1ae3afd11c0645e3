import { Module } from '@nestjs/common';
import { GroupResolver, KindergartenResolver } from './kindergarten.resolver';
import { KindergartenService } from './kindergarten.service';
import { RegistryResolver } from './registry.resolver';
import { RegistryService } from './registry.service';

@Module({ providers: [KindergartenService, KindergartenResolver, GroupResolver, RegistryService, RegistryResolver], exports: [KindergartenService] })
export class KindergartenModule {}
