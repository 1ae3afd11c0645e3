import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { CoreModule, CoreOptions } from './core.module';
import { FederationModule } from './federation.module';
import { ServiceIdentity } from './config';
import { DataSourceDefinition } from './data-source';

export type Overrides = Pick<CoreOptions<Record<never, never>>, 'clock' | 'config'>;

export interface ProcessDefinition {
  name: ServiceIdentity['name'];
  data: DataSourceDefinition;
  imports: NonNullable<ModuleMetadata['imports']>;
}

@Module({})
class ApiRoot {}

/** The API process of a service: core, the Federation subgraph and the service's modules. */
export function defineApi(def: ProcessDefinition) {
  return {
    forRoot(overrides: Overrides = {}): DynamicModule {
      return {
        module: ApiRoot,
        imports: [CoreModule.forRoot({ service: { name: def.name, role: 'api' }, data: def.data, ...overrides }), FederationModule.forRoot(), ...def.imports],
      };
    },
  };
}

@Module({})
class WorkerRoot {}

/** The worker process of a service: core and the modules that hold its processors. */
export function defineWorker(def: ProcessDefinition) {
  return {
    forRoot(overrides: Overrides = {}): DynamicModule {
      return {
        module: WorkerRoot,
        imports: [CoreModule.forRoot({ service: { name: def.name, role: 'worker' }, data: def.data, ...overrides }), ...def.imports],
      };
    },
  };
}
