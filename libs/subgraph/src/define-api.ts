import { DynamicModule, Module } from '@nestjs/common';
import { GatewayCredentialVerifier, gatewayCredentialEnv } from '@kezek/auth';
import { introspectionEnv } from '@kezek/config';
import { CoreModule, loadServiceConfig, Overrides, ProcessDefinition, ServiceConfig } from '@kezek/service-runtime';
import { FederationModule } from './federation.module';

@Module({})
class ApiRoot {}

/**
 * The API process of a service: core, the Federation subgraph and the service's modules. Its
 * configuration adds GATEWAY_SECRET (validated at boot): the subgraph answers only the gateway.
 */
export function defineApi(def: ProcessDefinition) {
  return {
    forRoot(overrides: Overrides = {}): DynamicModule {
      const service = { name: def.name, role: 'api' } as const;
      // The service's own variables, and what the subgraph itself reads.
      const env = { ...gatewayCredentialEnv, ...introspectionEnv, ...def.env };
      const config = (overrides.config ?? loadServiceConfig(service, env)) as ServiceConfig<
        typeof gatewayCredentialEnv
      >;
      const gateway = new GatewayCredentialVerifier(config.GATEWAY_SECRET ?? '', def.name);
      return {
        module: ApiRoot,
        imports: [
          CoreModule.forRoot({ service, data: def.data, env, ...overrides, config }),
          FederationModule.forRoot(gateway),
          ...def.imports,
        ],
      };
    },
  };
}
