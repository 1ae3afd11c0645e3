import { Module } from '@nestjs/common';
import { RegistryImportResolver } from './registry-import.resolver';
import { RegistryImportService } from './registry-import.service';

@Module({ providers: [RegistryImportService, RegistryImportResolver] })
export class RegistryImportModule {}
