import { join } from 'node:path';
import { z } from 'zod';
import { introspectionEnv, loadConfig, pemKey } from '@kezek/config';

export const gatewayEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public key (PEM, ES256) of identity's access tokens: bad tokens stop here, before any subgraph. */
  AUTH_JWT_PUBLIC_KEY: pemKey('public'),
  /** The composed supergraph (`npm run compose`); subgraph URLs in it are overridden below. */
  SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', 'supergraph.graphql')),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(5000),
  ...introspectionEnv,
};

export type GatewayConfig = z.infer<z.ZodObject<typeof gatewayEnv>>;

/** The API schema is the public contract and the playground browses it: on unless switched off. */
export function gatewayIntrospection(config: Pick<GatewayConfig, 'GRAPHQL_INTROSPECTION'>): boolean {
  return config.GRAPHQL_INTROSPECTION ?? true;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnv, env);
}

/** `SUBGRAPH_<NAME>_URL` for every subgraph named in the supergraph; a missing one fails the boot. */
export function subgraphUrls(names: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const shape = Object.fromEntries(
    names.map((n) => [subgraphUrlVariable(n), z.string({ required_error: 'is required' }).url('must be a URL')]),
  );
  const parsed = loadConfig(shape, env);
  return Object.fromEntries(names.map((n) => [n, parsed[subgraphUrlVariable(n)] as string]));
}

export const subgraphUrlVariable = (name: string) => `SUBGRAPH_${name.toUpperCase()}_URL`;
