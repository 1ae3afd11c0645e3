import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { z } from 'zod';
import { CoreModule, CoreOptions } from './core.module';
import { ServiceIdentity } from './config';
import { DataSourceDefinition } from '@kezek/database';

export type Overrides = Pick<CoreOptions<Record<never, never>>, 'clock' | 'config'>;

export interface ProcessDefinition {
  name: ServiceIdentity['name'];
  data: DataSourceDefinition;
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The service's own environment variables, validated at boot with the common ones. */
  env?: z.ZodRawShape;
}

@Module({})
class WorkerRoot {}

/** The worker process of a service: core and the modules that hold its processors. */
export function defineWorker(def: ProcessDefinition) {
  return {
    forRoot(overrides: Overrides = {}): DynamicModule {
      return {
        module: WorkerRoot,
        imports: [
          CoreModule.forRoot({
            service: { name: def.name, role: 'worker' },
            data: def.data,
            env: def.env,
            ...overrides,
          }),
          ...def.imports,
        ],
      };
    },
  };
}
