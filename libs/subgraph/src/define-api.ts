import { DynamicModule, Module } from '@nestjs/common';
import { introspectionEnv } from '@kezek/config';
import { CoreModule, Overrides, ProcessDefinition } from '@kezek/service-runtime';
import { FederationModule } from './federation.module';

@Module({})
class ApiRoot {}

/** The API process of a service: core, the Federation subgraph and the service's modules. */
export function defineApi(def: ProcessDefinition) {
  return {
    forRoot(overrides: Overrides = {}): DynamicModule {
      return {
        module: ApiRoot,
        imports: [
          CoreModule.forRoot({
            service: { name: def.name, role: 'api' },
            data: def.data,
            // The service's own variables, and what the subgraph itself reads.
            env: { ...introspectionEnv, ...def.env },
            ...overrides,
          }),
          FederationModule.forRoot(),
          ...def.imports,
        ],
      };
    },
  };
}
